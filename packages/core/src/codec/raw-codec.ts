import type { Codec, Decoder, DecoderSink } from './codec.js';

class RawDecoder implements Decoder {
  readonly bufferedBytes = 0;
  constructor(private readonly sink: DecoderSink<Buffer>) {}
  push(chunk: Buffer): void {
    this.sink.message(chunk);
  }
  finish(): void {}
}

/**
 * No framing: each read is delivered as it arrived, each write goes out byte for byte. No
 * notices: the peer never gets a byte it did not ask for.
 */
export class RawCodec implements Codec<Buffer> {
  readonly name = 'raw';
  readonly passThrough = true;
  readonly messages = 'bytes';
  createDecoder(sink: DecoderSink<Buffer>): Decoder {
    return new RawDecoder(sink);
  }
  encode(msg: string | Uint8Array): string | Uint8Array {
    return msg;
  }
}
