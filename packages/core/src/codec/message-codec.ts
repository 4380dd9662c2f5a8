import type { Codec, Decoder, DecoderSink } from './codec.js';

class PassThroughDecoder implements Decoder {
  readonly bufferedBytes = 0;
  constructor(private readonly sink: DecoderSink<string | Buffer>) {}
  push(chunk: Buffer): void {
    this.sink.message(chunk);
  }
  finish(): void {}
}

/**
 * For transports that frame messages themselves (WebSocket) when the handlers declare no
 * framing: every message passes through whole, text as strings and binary as bytes, both ways.
 * No notices: WebSocket peers read close codes and reasons.
 */
export class MessageCodec implements Codec<string | Buffer> {
  readonly name = 'message';
  readonly passThrough = true;
  createDecoder(sink: DecoderSink<string | Buffer>): Decoder {
    return new PassThroughDecoder(sink);
  }
  encode(msg: string | Uint8Array): string | Uint8Array {
    return msg;
  }
}
