import { describe, expect, it } from 'vitest';
import { RespCodec } from './resp-codec.js';
import { decode, encodeCommand, texts } from './resp-test-kit.js';

const wire = (text: string) => Buffer.from(text, 'latin1');

/** Every way of cutting `bytes` in two, and one byte at a time. */
function splits(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) ways.push([bytes.subarray(0, i), bytes.subarray(i)]);
  ways.push([...bytes].map((byte) => Buffer.from([byte])));
  return ways;
}

describe('RESP decoder', () => {
  it('decodes pipelined commands and inline lines at every split', () => {
    const bytes = Buffer.concat([
      encodeCommand(['SET', 'key', 'a\r\nb']),
      wire('GET key\r\n'),
      encodeCommand(['GET', '']),
      wire('*0\r\n\r\n  \r\nPING\n'),
    ]);
    for (const chunks of splits(bytes)) {
      const { commands, errors } = decode(chunks);
      expect(errors).toEqual([]);
      expect(texts(commands)).toEqual([['SET', 'key', 'a\r\nb'], ['GET', 'key'], ['GET', ''], ['PING']]);
    }
  });

  it('splits inline arguments as redis-server does: quotes and escapes', () => {
    const { commands, errors } = decode([
      wire(`SET "a b" 'it\\'s' "\\x41\\n\\t\\"q\\"" x"y z"\r\n`),
      wire(`SET '' ""\r\n`),
    ]);
    expect(errors).toEqual([]);
    expect(texts(commands)).toEqual([
      ['SET', 'a b', "it's", 'A\n\t"q"', 'xy z'],
      ['SET', '', ''],
    ]);
  });

  it.each([
    ['unbalanced quotes', 'SET "a\r\n', 'PROTOCOL_ERROR', /unbalanced quotes/],
    ['text after a closing quote', 'SET "a"b\r\n', 'PROTOCOL_ERROR', /unbalanced quotes/],
    ['a bulk header that is not one', '*1\r\nx\r\n', 'PROTOCOL_ERROR', /expected '\$', got 'x'/],
    ['a nested array', '*1\r\n*1\r\n$1\r\na\r\n', 'PROTOCOL_ERROR', /expected '\$', got '\*'/],
    ['a negative bulk length', '*1\r\n$-1\r\n', 'PROTOCOL_ERROR', /invalid bulk length/],
    ['a bulk length that is not a number', '*1\r\n$1x\r\n', 'PROTOCOL_ERROR', /invalid bulk length/],
    ['an array length that is not a number', '*x\r\n', 'PROTOCOL_ERROR', /invalid multibulk length/],
    ['a header without CR', '*1\n$1\r\na\r\n', 'PROTOCOL_ERROR', /invalid multibulk length/],
    ['a bulk without CRLF after it', '*1\r\n$1\r\nab\r\n', 'PROTOCOL_ERROR', /expected CRLF/],
  ])('fails %s with a coded Protocol error', (_what, input, code, message) => {
    for (const chunks of splits(wire(input))) {
      const { commands, errors } = decode(chunks);
      expect(commands).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe(code);
      expect(errors[0]!.message).toMatch(/^Protocol error: /);
      expect(errors[0]!.message).toMatch(message);
    }
  });

  it('bounds bulks, arrays, requests and lines, naming the size and the limit', () => {
    const limits = { maxBulkLength: 8, maxArrayLength: 3, maxRequestLength: 12, maxLineLength: 16 };
    const cases: [string, string, RegExp][] = [
      ['*1\r\n$9\r\n', 'FRAME_TOO_LONG', /invalid bulk length \(9 bytes, limit 8\)/],
      ['*4\r\n', 'PROTOCOL_ERROR', /invalid multibulk length \(4 arguments, limit 3\)/],
      ['*2\r\n$8\r\n12345678\r\n$5\r\n', 'FRAME_TOO_LONG', /request over 12 bytes/],
      ['GET 12345678901234567\r\n', 'LINE_TOO_LONG', /too big inline request/],
      ['*1\r\n$00000000000000000000', 'LINE_TOO_LONG', /too big bulk count string/],
    ];
    for (const [input, code, message] of cases) {
      for (const chunks of splits(wire(input))) {
        const { errors, maxBuffered } = decode(chunks, limits);
        expect(errors.map((e) => e.code)).toEqual([code]);
        expect(errors[0]!.message).toMatch(message);
        expect(maxBuffered).toBeLessThanOrEqual(12 + 17);
      }
    }
  });

  it('holds an unfinished inline line without its end: it fails once past the limit, before the newline', () => {
    const { errors, maxBuffered } = decode(Array.from({ length: 100 }, () => wire('x'.repeat(1000))));
    expect(errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(maxBuffered).toBeLessThanOrEqual(64 * 1024 + 1);
  });

  it('copies the arguments of an unfinished command, so they do not keep the read alive', () => {
    const chunk = Buffer.concat([wire('*2\r\n$3\r\nGET\r\n$3\r\nke'), Buffer.alloc(60_000)]);
    const messages: Buffer[][] = [];
    const decoder = new RespCodec().createDecoder({ message: (m) => messages.push(m as Buffer[]), error: () => {} });
    decoder.push(chunk.subarray(0, 19));
    decoder.push(wire('y\r\n'));
    expect(texts(messages)).toEqual([['GET', 'key']]);
    expect(messages[0]![0]!.buffer).not.toBe(chunk.buffer);
  });

  it('answers notices as RESP errors without the channel code and without line breaks', () => {
    const codec = new RespCodec();
    expect(codec.notice('ERROR PROTOCOL_ERROR Protocol error: invalid bulk length')).toBe(
      '-ERR Protocol error: invalid bulk length\r\n',
    );
    expect(codec.notice('ERROR MAX_CONNECTIONS too many\r\n+OK')).toBe('-ERR too many  +OK\r\n');
    expect(codec.notice('Server is shutting down. Goodbye!')).toBe('');
  });

  it('refuses limits out of range with BAD_OPTION', () => {
    expect(() => new RespCodec({ maxBulkLength: 0 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => new RespCodec({ maxArrayLength: 1.5 })).toThrow(/maxArrayLength/);
    expect(() => new RespCodec({ maxBulkLength: 2 ** 30 })).toThrow(/maxBulkLength must be at most/);
  });
});
