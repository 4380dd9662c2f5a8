import { describe, expect, it } from 'vitest';
import { checkName, MAX_NAME_LENGTH } from './chat-name.js';
import { foldName, nameKey } from './name-key.js';

const refused = (raw: string) => {
  const check = checkName(raw);
  return check.ok ? `accepted as ${check.name}` : check.reason;
};

describe('checkName', () => {
  it('accepts one word of letters and digits in one script, NFKC-normalized', () => {
    for (const name of ['Alice', 'bob_2', 'J.R.R-Tolkien', 'Zoë', 'Алиса', 'Σοφία', '東京太郎', 'さくら', 'मीरा']) {
      expect(checkName(name)).toEqual({ ok: true, name });
    }
    expect(checkName('ｂｏｂ')).toEqual({ ok: true, name: 'bob' });
    expect(checkName('e\u0301')).toEqual({ ok: true, name: 'é' });
  });

  it('refuses control, invisible and padding characters', () => {
    for (const raw of ['a\u0007b', 'bob\u200b', '\u202eboB', 'b\u2800', '\u3164', 'a\u3164b', 'bob\ufeff', 'x\u00ad']) {
      expect(refused(raw)).not.toMatch(/^accepted/);
    }
  });

  it('refuses you, in any case or width', () => {
    for (const raw of ['you', 'YOU', 'You', 'ｙｏｕ']) expect(refused(raw)).toMatch(/you/);
  });

  it('refuses names shaped like a peer address or a line prefix', () => {
    for (const raw of ['127.0.0.1:5055', '[::1]:5055', '127.0.0.1', '/tmp/chat.sock#1', '[Bob]', 'Bob joined', '*']) {
      expect(refused(raw)).not.toMatch(/^accepted/);
    }
  });

  it('refuses names that mix scripts, such as a Cyrillic letter in a Latin name', () => {
    expect(refused('Вob')).toMatch(/mixes scripts/); // Cyrillic В
    expect(refused('pаypal')).toMatch(/mixes scripts/); // Cyrillic а
    expect(refused('Bob٣')).toMatch(/mixes scripts/); // Arabic-Indic digit
  });

  it(`caps the length at ${MAX_NAME_LENGTH} characters, counting code points`, () => {
    expect(checkName('a'.repeat(MAX_NAME_LENGTH)).ok).toBe(true);
    expect(checkName('😀'.repeat(3)).ok).toBe(false); // not a letter
    expect(checkName('東'.repeat(MAX_NAME_LENGTH)).ok).toBe(true);
    expect(refused('a'.repeat(MAX_NAME_LENGTH + 1))).toMatch(/longer/);
    expect(refused('a'.repeat(100_000))).toMatch(/longer/);
  });
});

describe('nameKey', () => {
  it('makes names that differ in case, width or look-alike letters collide', () => {
    const bob = nameKey('Bob');
    for (const other of ['bob', 'BOB', 'ｂｏｂ', 'Ｂｏｂ', 'B0B', 'Вов', 'ВОВ']) expect(nameKey(other)).toBe(bob);
    expect(nameKey('Bobby')).not.toBe(bob);
    expect(foldName('Straße')).toBe(foldName('STRASSE'));
  });
});
