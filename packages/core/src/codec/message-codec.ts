import type { Codec, Decoder, DecoderSink } from './codec.js';

class PassThroughDecoder implements Decoder {
  readonly bufferedBytes = 0;
  constructor(private readonly sink: DecoderSink) {}
  push(chunk: Buffer): void {
    this.sink.message(chunk);
  }
  finish(): void {}
}

/**
 * For transports that frame messages themselves (WebSocket): every message passes through
 * whole, text as strings and binary as bytes, and a notice is just one more text message.
 */
export class MessageCodec implements Codec {
  readonly name = 'message';
  readonly passThrough = true;
  createDecoder(sink: DecoderSink): Decoder {
    return new PassThroughDecoder(sink);
  }
  encode(msg: string | Uint8Array): string | Uint8Array {
    return msg;
  }
  notice(text: string): string {
    return text;
  }
}
