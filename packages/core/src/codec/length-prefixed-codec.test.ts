import { describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../errors.js';
import type { DecoderSink } from './codec.js';
import { LengthPrefixedCodec } from './length-prefixed-codec.js';

class Sink implements DecoderSink {
  readonly messages: Buffer[] = [];
  readonly errors: SwitchboardError[] = [];
  message(msg: unknown): void {
    // Copy: a decoder may hand out views of a buffer it reuses.
    this.messages.push(Buffer.from(msg as Buffer));
  }
  error(err: SwitchboardError): void {
    this.errors.push(err);
  }
}

const codec = new LengthPrefixedCodec({ maxFrameLength: 64 });
const frame = (payload: string | Buffer) => Buffer.from(codec.encode(payload));

describe('LengthPrefixedCodec', () => {
  it('encodes a 4-byte big-endian length, then the payload', () => {
    expect(frame('abc')).toEqual(Buffer.from([0, 0, 0, 3, 0x61, 0x62, 0x63]));
    expect(frame('')).toEqual(Buffer.from([0, 0, 0, 0]));
  });

  it('decodes the same frames whatever byte offset the stream is split at', () => {
    const payloads = [Buffer.from('first'), Buffer.alloc(0), Buffer.from([0, 0xff, 10, 13]), Buffer.from('last')];
    const input = Buffer.concat(payloads.map((p) => frame(p)));
    for (let at = 0; at <= input.length; at++) {
      const sink = new Sink();
      const decoder = codec.createDecoder(sink);
      decoder.push(input.subarray(0, at));
      decoder.push(input.subarray(at));
      expect(sink.messages, `split at ${at}`).toEqual(payloads);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('decodes several frames from one chunk and one frame fed byte by byte', () => {
    const sink = new Sink();
    const decoder = codec.createDecoder(sink);
    decoder.push(Buffer.concat([frame('a'), frame('bb'), frame('ccc')]));
    for (const byte of frame('slow')) decoder.push(Buffer.from([byte]));
    expect(sink.messages.map(String)).toEqual(['a', 'bb', 'ccc', 'slow']);
  });

  it('delivers a zero-length frame as an empty payload', () => {
    const sink = new Sink();
    codec.createDecoder(sink).push(frame(''));
    expect(sink.messages).toEqual([Buffer.alloc(0)]);
  });

  it('accepts a frame of exactly the limit', () => {
    const sink = new Sink();
    codec.createDecoder(sink).push(frame(Buffer.alloc(64, 7)));
    expect(sink.errors).toEqual([]);
    expect(sink.messages[0]).toHaveLength(64);
  });

  it('fails a frame over the limit with FRAME_TOO_LONG as soon as its header arrives, then ignores the rest', () => {
    const sink = new Sink();
    const decoder = codec.createDecoder(sink);
    decoder.push(Buffer.concat([frame('ok'), Buffer.from([0, 0, 0, 65])]));
    expect(sink.errors.map((e) => e.code)).toEqual(['FRAME_TOO_LONG']);
    expect(sink.errors[0]!.message).toMatch(/65.*64/);
    decoder.push(frame('after'));
    expect(sink.messages.map(String)).toEqual(['ok']);
    expect(sink.errors).toHaveLength(1);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('rejects a limit outside 0..2^32-1 with BAD_OPTION', () => {
    for (const bad of [-1, 1.5, 2 ** 32]) {
      expect(() => new LengthPrefixedCodec({ maxFrameLength: bad })).toThrow(
        expect.objectContaining({ code: 'BAD_OPTION' }),
      );
    }
  });
});
