import type { Codec, Decoder, DecoderSink } from './codec.js';

class BytesDecoder implements Decoder {
  readonly bufferedBytes = 0;
  constructor(private readonly sink: DecoderSink<Buffer>) {}
  push(chunk: Buffer): void {
    this.sink.message(chunk);
  }
  finish(): void {}
}

/**
 * Raw or length-prefixed framing on a WebSocket listener: one message is one message, and
 * handlers get bytes on every transport (a text message arrives as its UTF-8 bytes). What
 * handlers write goes out as binary messages.
 */
export class BinaryMessageCodec implements Codec<Buffer> {
  readonly passThrough = true;
  readonly messages = 'bytes';

  /** @param name the framing it stands for: 'raw' or 'length-prefixed'. */
  constructor(readonly name: string) {}

  createDecoder(sink: DecoderSink<Buffer>): Decoder {
    return new BytesDecoder(sink);
  }
  encode(msg: string | Uint8Array): Uint8Array {
    return typeof msg === 'string' ? Buffer.from(msg) : msg;
  }
}
