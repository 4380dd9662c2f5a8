import { describe, expect, it } from 'vitest';
import type { Codec, DecoderSink } from './codec.js';
import { createCodec } from './create-codec.js';
import { MessageCodec } from './message-codec.js';
import { RawCodec } from './raw-codec.js';

function collect(): DecoderSink & { messages: unknown[] } {
  const messages: unknown[] = [];
  return { messages, message: (msg) => messages.push(msg), error: (err) => messages.push(err) };
}

describe('RawCodec', () => {
  it('passes every chunk through untouched, bytes in and bytes out', () => {
    const sink = collect();
    const decoder = new RawCodec().createDecoder(sink);
    const garbage = Buffer.from([0, 0xff, 0x0d, 0x0a, 0x0d, 0x80]);
    decoder.push(garbage);
    decoder.push(Buffer.from('text'));
    decoder.finish();
    expect(sink.messages).toEqual([garbage, Buffer.from('text')]);
    expect(decoder.bufferedBytes).toBe(0);
    expect(new RawCodec().encode(garbage)).toBe(garbage);
  });

  it('has no notices: a raw peer never gets a byte it did not ask for', () => {
    expect((new RawCodec() as Codec).notice).toBeUndefined();
  });
});

describe('MessageCodec', () => {
  it('passes whole messages through, and has no notices (WebSocket peers read close codes)', () => {
    const codec: Codec = new MessageCodec();
    expect(codec.encode('hi')).toBe('hi');
    expect(codec.notice).toBeUndefined();
  });
});

describe('createCodec', () => {
  it('builds codecs by name and rejects an unknown name with BAD_OPTION', () => {
    expect(createCodec('raw').name).toBe('raw');
    expect(createCodec('lines').name).toBe('lines');
    expect(createCodec('length-prefixed').name).toBe('length-prefixed');
    expect(() => createCodec('morse' as never)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
