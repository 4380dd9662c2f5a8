import { describe, expect, it } from 'vitest';
import { RespErrorReply, RespReader, type RespLimits, type RespValue } from './resp-reader.js';

const LIMITS: RespLimits = { maxLineBytes: 64, maxBulkBytes: 1024, maxArrayLength: 16, maxDepth: 2 };

function readAll(chunks: Buffer[], limits = LIMITS): RespValue[] {
  const replies: RespValue[] = [];
  const reader = new RespReader(limits, (value) => replies.push(value));
  for (const chunk of chunks) reader.push(chunk);
  return replies;
}

describe('RespReader', () => {
  const wire = Buffer.from(
    '*3\r\n$7\r\nmessage\r\n$5\r\nlobby\r\n$6\r\nhi\r\n\x00!\r\n' + '+PONG\r\n:42\r\n-ERR nope\r\n$-1\r\n*0\r\n*-1\r\n',
  );
  const expected = [
    [Buffer.from('message'), Buffer.from('lobby'), Buffer.from('hi\r\n\x00!')],
    'PONG',
    42,
    new RespErrorReply('ERR nope'),
    null,
    [],
    null,
  ];

  it('reads every reply type the backplane meets, split at every byte offset', () => {
    for (let at = 0; at <= wire.length; at++) {
      expect(readAll([wire.subarray(0, at), wire.subarray(at)])).toEqual(expected);
    }
    expect(readAll([...wire].map((byte) => Buffer.from([byte])))).toEqual(expected);
  });

  it('refuses nesting past maxDepth without recursing (3,000 levels: no RangeError)', () => {
    expect(() => readAll([Buffer.from('*1\r\n'.repeat(3000))])).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_ERROR', message: expect.stringContaining('deeper than 2') }),
    );
  });

  it('refuses a 2 GB bulk header before reading a byte of it', () => {
    expect(() => readAll([Buffer.from('*3\r\n$7\r\nmessage\r\n$2000000000\r\n')])).toThrow(
      expect.objectContaining({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('2000000000 (limit 1024)'),
      }),
    );
  });

  it('refuses a huge array length and a line that never ends', () => {
    expect(() => readAll([Buffer.from('*4000000000\r\n')])).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
    );
    const endless = Array.from({ length: 10 }, () => Buffer.from('+' + 'x'.repeat(20)));
    expect(() => readAll(endless)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
  });

  it.each([
    ['an unknown type byte', '\x00garbage\r\n'],
    ['a bad length', '$12x\r\n'],
    ['a negative length other than -1', '*-2\r\n'],
    ['a bulk without its CRLF', '$2\r\nhiXY'],
    ['a line ended by LF alone', '+OK\n'],
    ['a bad integer', ':1e9\r\n'],
  ])('refuses %s with PROTOCOL_ERROR', (_, text) => {
    expect(() => readAll([Buffer.from(text)])).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });

  it('stays failed: a broken stream is never read on', () => {
    const reader = new RespReader(LIMITS, () => {});
    expect(() => reader.push(Buffer.from('?\r\n'))).toThrow();
    expect(() => reader.push(Buffer.from('+OK\r\n'))).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });
});
