import { SwitchboardError } from '../errors.js';
import type { Codec, Decoder, DecoderSink } from './codec.js';
import { WsCloseCode } from '../transport/ws-close.js';

/** Text messages reach the chain without it (see Channel.onData); a binary one fails the channel. */
class BinaryRefusingDecoder implements Decoder {
  readonly bufferedBytes = 0;
  constructor(private readonly sink: DecoderSink<string>) {}
  push(chunk: Buffer): void {
    this.sink.error(
      new SwitchboardError(
        'PROTOCOL_ERROR',
        `Binary message of ${chunk.length} bytes on a text (lines) listener; send text messages`,
        { wsCloseCode: WsCloseCode.UNSUPPORTED_DATA },
      ),
    );
  }
  finish(): void {}
}

/**
 * Line framing on a WebSocket listener: one text message is one line, so handlers get strings
 * on every transport. A binary message closes the client with 1003 and PROTOCOL_ERROR; what
 * handlers write goes out as text messages.
 */
export class TextMessageCodec implements Codec<string> {
  readonly name = 'lines';
  readonly messages = 'text';
  createDecoder(sink: DecoderSink<string>): Decoder {
    return new BinaryRefusingDecoder(sink);
  }
  encode(msg: string | Uint8Array): string {
    return typeof msg === 'string' ? msg : Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength).toString('utf8');
  }
}
