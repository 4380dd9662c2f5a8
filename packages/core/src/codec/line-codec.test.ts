import { describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../errors.js';
import type { Decoder, DecoderSink } from './codec.js';
import { LineCodec } from './line-codec.js';

/** Collects what a decoder delivers. */
class Sink implements DecoderSink {
  readonly messages: unknown[] = [];
  readonly errors: SwitchboardError[] = [];
  message(msg: unknown): void {
    this.messages.push(msg);
  }
  error(err: SwitchboardError): void {
    this.errors.push(err);
  }
}

function decoder(maxLineLength?: number): { sink: Sink; decoder: Decoder } {
  const sink = new Sink();
  return { sink, decoder: new LineCodec({ maxLineLength }).createDecoder(sink) };
}

/** Feeds `input` in two pieces split at `at`. */
function feedSplit(input: Buffer, at: number, maxLineLength?: number): Sink {
  const { sink, decoder: d } = decoder(maxLineLength);
  d.push(input.subarray(0, at));
  d.push(input.subarray(at));
  return sink;
}

describe('LineCodec decoder', () => {
  it('splits on LF and strips CRLF', () => {
    const { sink, decoder: d } = decoder();
    d.push(Buffer.from('one\ntwo\r\nthree\r\n'));
    expect(sink.messages).toEqual(['one', 'two', 'three']);
  });

  it('delivers the same lines whatever byte offset the input is split at', () => {
    const input = Buffer.from('hello\r\nworld\n\nlast line\r\n');
    for (let at = 0; at <= input.length; at++) {
      expect(feedSplit(input, at).messages, `split at ${at}`).toEqual(['hello', 'world', '', 'last line']);
    }
  });

  it('delivers a line fed one byte at a time', () => {
    const { sink, decoder: d } = decoder();
    for (const byte of Buffer.from('byte by byte\r\n')) d.push(Buffer.from([byte]));
    expect(sink.messages).toEqual(['byte by byte']);
  });

  it('delivers many lines from one chunk, in order', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const { sink, decoder: d } = decoder();
    d.push(Buffer.from(lines.join('\n') + '\n'));
    expect(sink.messages).toEqual(lines);
  });

  it('keeps a multi-byte UTF-8 character whole when it is split at any offset', () => {
    const text = 'héllo wörld → 日本 🎉';
    const input = Buffer.from(`${text}\n`);
    for (let at = 0; at <= input.length; at++) {
      expect(feedSplit(input, at).messages, `split at ${at}`).toEqual([text]);
    }
  });

  it('decodes a read of many lines as it decodes each line alone, malformed UTF-8 and CRs included', () => {
    const input = Buffer.concat([
      Buffer.from('plain\r\n\r\n\n'),
      Buffer.from([0xe2, 0x82, 0x0d, 0x0a]), // a cut-off euro sign, then CRLF
      Buffer.from([0xe2, 0x0a, 0x0d, 0x0d, 0x0a]), // a lead byte right before LF; two CRs
      Buffer.from([0x80, 0xbf, 0x41, 0xc0, 0xaf, 0x0a]), // stray continuations, an overlong '/'
      Buffer.from([0xf0, 0x9f, 0x91, 0x0a, 0xed, 0xa0, 0x80, 0x0a]), // a cut-off emoji; an encoded surrogate
      Buffer.from('€ and 👩‍💻\rmid-line CR\nعربى\r\nlast, unfinished'),
    ]);
    const lines: string[] = [];
    for (let from = 0, at = input.indexOf(0x0a); at !== -1; from = at + 1, at = input.indexOf(0x0a, from)) {
      const end = at > from && input[at - 1] === 0x0d ? at - 1 : at;
      lines.push(input.toString('utf8', from, end));
    }
    for (let at = 0; at <= input.length; at++) {
      expect(feedSplit(input, at).messages, `split at ${at}`).toEqual(lines);
      // Under a limit shorter than the read, lines are decoded one by one: the same strings.
      expect(feedSplit(input, at, 40).messages, `split at ${at}, limit 40`).toEqual(lines);
    }
  });

  it('fails a line past the limit among shorter ones after delivering those before it', () => {
    const { sink, decoder: d } = decoder(8);
    d.push(Buffer.from('short\nalso ok\nmuch too long\nnever\n'));
    expect(sink.messages).toEqual(['short', 'also ok']);
    expect(sink.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
  });

  it('delivers a trailing partial line on finish()', () => {
    const { sink, decoder: d } = decoder();
    d.push(Buffer.from('done\npartial'));
    expect(sink.messages).toEqual(['done']);
    d.finish();
    expect(sink.messages).toEqual(['done', 'partial']);
  });

  it('delivers nothing on finish() when no partial line is held', () => {
    const { sink, decoder: d } = decoder();
    d.push(Buffer.from('done\n'));
    d.finish();
    expect(sink.messages).toEqual(['done']);
  });

  it('accepts a line of exactly the limit, with LF or CRLF, at any split', () => {
    const line = 'x'.repeat(16);
    for (const ending of ['\n', '\r\n']) {
      const input = Buffer.from(line + ending);
      for (let at = 0; at <= input.length; at++) {
        const sink = feedSplit(input, at, 16);
        expect(sink.errors, `${JSON.stringify(ending)} split at ${at}`).toEqual([]);
        expect(sink.messages).toEqual([line]);
      }
    }
  });

  it('fails a line of limit + 1 bytes with LINE_TOO_LONG at any split', () => {
    const input = Buffer.from('x'.repeat(17) + '\n');
    for (let at = 0; at <= input.length; at++) {
      const sink = feedSplit(input, at, 16);
      expect(sink.messages, `split at ${at}`).toEqual([]);
      expect(sink.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    }
  });

  it('fails a too-long unfinished line as soon as it passes the limit, without waiting for LF', () => {
    const { sink, decoder: d } = decoder(16);
    d.push(Buffer.from('x'.repeat(10)));
    expect(sink.errors).toEqual([]);
    d.push(Buffer.from('x'.repeat(10)));
    expect(sink.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(sink.errors[0]!.message).toContain('16');
  });

  it('fails a too-long trailing line on finish()', () => {
    const { sink, decoder: d } = decoder(4);
    d.push(Buffer.from('12345'));
    d.finish();
    expect(sink.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(sink.messages).toEqual([]);
  });

  it('delivers nothing more after a failure', () => {
    const { sink, decoder: d } = decoder(4);
    d.push(Buffer.from('ok\ntoo long\nafter\n'));
    d.push(Buffer.from('more\n'));
    d.finish();
    expect(sink.messages).toEqual(['ok']);
    expect(sink.errors).toHaveLength(1);
  });

  it('never holds more than the limit of an unfinished line', () => {
    const { sink, decoder: d } = decoder(1024);
    const chunk = Buffer.alloc(300, 'a');
    let pushed = 0;
    for (let i = 0; i < 100 && sink.errors.length === 0; i++) {
      d.push(chunk);
      pushed += chunk.length;
    }
    expect(sink.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    // Failed within one chunk past the limit, not after buffering the whole stream.
    expect(pushed).toBeLessThanOrEqual(1024 + 1 + chunk.length);
    expect(d.bufferedBytes).toBe(0);
  });
});

describe('LineCodec encoder', () => {
  it('appends the line ending to text and bytes', () => {
    const codec = new LineCodec();
    expect(codec.encode('hi')).toBe('hi\n');
    expect(Buffer.from(codec.encode(Buffer.from('hi')))).toEqual(Buffer.from('hi\n'));
    expect(new LineCodec({ lineEnding: '\r\n' }).notice('bye')).toBe('bye\r\n');
  });

  it('rejects a limit that is not a positive integer with BAD_OPTION', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => new LineCodec({ maxLineLength: bad })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    }
  });
});
