import type { Codec, Decoder, DecoderSink } from './codec.js';

class RawDecoder implements Decoder {
  readonly bufferedBytes = 0;
  constructor(private readonly sink: DecoderSink) {}
  push(chunk: Buffer): void {
    this.sink.message(chunk);
  }
  finish(): void {}
}

/** No framing: each read is delivered as it arrived, each write goes out byte for byte. */
export class RawCodec implements Codec {
  readonly name = 'raw';
  readonly passThrough = true;
  createDecoder(sink: DecoderSink): Decoder {
    return new RawDecoder(sink);
  }
  encode(msg: string | Uint8Array): string | Uint8Array {
    return msg;
  }
  notice(text: string): string {
    return `${text}\n`;
  }
}
