import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encodeCommand } from './resp-test-kit.js';

const LIMITS = { maxBulkLength: 256, maxArrayLength: 16, maxRequestLength: 1024, maxLineLength: 64 };

/** A command as clients send it: a name and arguments of arbitrary bytes. */
const command = fc.array(fc.uint8Array({ maxLength: 40 }).map(Buffer.from), { minLength: 1, maxLength: 8 });

/** Cut points for a byte string: sorted offsets inside it. */
const cuts = fc.array(fc.nat(), { maxLength: 12 });

function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

describe('RESP codec properties', () => {
  it('every valid command round-trips at every split of its bytes', () => {
    fc.assert(
      fc.property(command, (args) => {
        const bytes = encodeCommand(args);
        for (let i = 0; i <= bytes.length; i++) {
          const { commands, errors } = decode([bytes.subarray(0, i), bytes.subarray(i)], LIMITS);
          expect(errors).toEqual([]);
          expect(commands).toEqual([args]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('pipelined valid commands arrive in order, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 6 }), cuts, (list, offsets) => {
        const bytes = Buffer.concat(list.map(encodeCommand));
        const { commands, errors } = decode(cut(bytes, offsets), LIMITS);
        expect(errors).toEqual([]);
        expect(commands).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('garbage yields commands or one protocol error, never a throw, within the limits plus one chunk', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      // Garbage that looks like RESP: headers, digits, CR, LF, quotes.
      fc.array(fc.constantFrom(...'*$\r\n0123456789-"\'\\x aGET'.split('').map((c) => c.charCodeAt(0))), {
        maxLength: 600,
      }),
    );
    fc.assert(
      fc.property(bytes, cuts, (garbage, offsets) => {
        const chunks = cut(Buffer.from(garbage), offsets);
        const { errors, maxBuffered } = decode(chunks, LIMITS);
        expect(errors.length).toBeLessThanOrEqual(1);
        for (const error of errors) expect(['PROTOCOL_ERROR', 'FRAME_TOO_LONG', 'LINE_TOO_LONG']).toContain(error.code);
        const biggestChunk = Math.max(...chunks.map((c) => c.length));
        expect(maxBuffered).toBeLessThanOrEqual(LIMITS.maxRequestLength + LIMITS.maxLineLength + 2 + biggestChunk);
      }),
      { numRuns: 1000 },
    );
  });

  it('a decoder that failed delivers nothing more', () => {
    fc.assert(
      fc.property(command, (args) => {
        const bytes = Buffer.concat([Buffer.from('*1\r\n!'), encodeCommand(args)]);
        const { commands, errors } = decode([bytes], LIMITS);
        expect(errors).toHaveLength(1);
        expect(commands).toEqual([]);
      }),
    );
  });
});
