import { describe, expect, it } from 'vitest';
import { visibleText } from './visible-text.js';

const hex = (cp: number, width: number) => cp.toString(16).padStart(width, '0');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('visibleText', () => {
  it('shows LF and CR as \\n and \\r, so one message stays one line', () => {
    expect(visibleText('hi\n[127.0.0.1:1] forged\r\n* X left')).toBe('hi\\n[127.0.0.1:1] forged\\r\\n* X left');
  });

  it('escapes every C0 control but TAB, DEL and every C1 control as \\xHH', () => {
    for (const cp of [...range(0x00, 0x1f), 0x7f, ...range(0x80, 0x9f)]) {
      if (cp === 0x09 || cp === 0x0a || cp === 0x0d) continue;
      expect(visibleText(`a${String.fromCodePoint(cp)}b`)).toBe(`a\\x${hex(cp, 2)}b`);
    }
    expect(visibleText('a\tb')).toBe('a\tb');
    expect(visibleText('\x1b[2J\x1b[31mred')).toBe('\\x1b[2J\\x1b[31mred');
  });

  it('escapes bidi embeddings, overrides, isolates and marks', () => {
    for (const cp of [0x061c, 0x200e, 0x200f, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)]) {
      expect(visibleText(`a${String.fromCodePoint(cp)}b`)).toBe(`a\\u${hex(cp, 4)}b`);
    }
  });

  it('escapes zero-width and invisible format characters, and the line and paragraph separators', () => {
    const bmp = [0xad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, ...range(0x2060, 0x206f), 0xfeff];
    for (const cp of [...bmp, ...range(0xfff9, 0xfffb)]) {
      const expected = cp < 0x100 ? `\\x${hex(cp, 2)}` : `\\u${hex(cp, 4)}`;
      expect(visibleText(`a${String.fromCodePoint(cp)}b`)).toBe(`a${expected}b`);
    }
    for (const cp of [0x1bca0, 0x1d173, 0x1d17a, 0xe0001, 0xe0041, 0xe007f]) {
      expect(visibleText(`a${String.fromCodePoint(cp)}b`)).toBe(`a\\u{${hex(cp, 0)}}b`);
    }
  });

  it('returns valid text as it is, the same string', () => {
    const samples = [
      '',
      'hello, world! ~ [Bob] 100% \\x1b is just text',
      'naïve café — 東京 🙂 مرحبا שלום Ελληνικά',
      'tab\tseparated',
      '👩‍💻 and 👨‍👩‍👧', // ZWJ emoji sequences
      'می‌خواهم', // Persian with ZWNJ
      '❤️ keycap 1️⃣',
    ];
    for (const text of samples) expect(visibleText(text)).toBe(text);
  });

  it('finds what to escape anywhere after plain ASCII, and after characters that pass', () => {
    for (let cp = 0; cp < 0x80; cp++) {
      const c = String.fromCharCode(cp);
      const hidden = (cp < 0x20 && cp !== 0x09) || cp === 0x7f;
      for (const text of [`${c}plain`, `plain ${c}`, `plain ${c} text`]) {
        expect(visibleText(text) === text, `U+${hex(cp, 4)} in ${JSON.stringify(text)}`).toBe(!hidden);
      }
    }
    expect(visibleText('café \u202eevil')).toBe('café \\u202eevil');
    expect(visibleText('東京\tand then \x1b[2J')).toBe('東京\tand then \\x1b[2J');
    // A line cut from a larger string (as the line codec delivers a read's lines).
    const read = 'first line\nsecond \x07 line\n';
    expect(visibleText(read.slice(11, read.length - 1))).toBe('second \\x07 line');
  });

  it('escapes a joiner next to Latin text, at an edge or beside another joiner', () => {
    expect(visibleText('pay\u200dpal')).toBe('pay\\u200dpal');
    expect(visibleText('\u200c東')).toBe('\\u200c東');
    expect(visibleText('東\u200d\u200d東')).toBe('東\\u200d\\u200d東');
  });

  it('escapes each astral character whole and keeps the text around it', () => {
    expect(visibleText('🙂\u{e0068}\u{e0069}🙂')).toBe('🙂\\u{e0068}\\u{e0069}🙂');
  });

  it('takes linear time on 1 MB inputs, plain or hostile', () => {
    const inputs = ['a'.repeat(1 << 20), '\u202e'.repeat(1 << 20), 'a\n'.repeat(1 << 19), '\u200d'.repeat(1 << 20)];
    for (const input of inputs) {
      const started = performance.now();
      const out = visibleText(input);
      // Milliseconds when linear; a quadratic pass over 1 MB would take minutes. Generous for a loaded machine.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(out.length).toBeGreaterThanOrEqual(input.length);
    }
  });
});
