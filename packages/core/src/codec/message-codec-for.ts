import { BinaryMessageCodec } from './binary-message-codec.js';
import type { Codec, CodecOptions } from './codec.js';
import type { Framing } from './create-codec.js';
import { MessageCodec } from './message-codec.js';
import { TextMessageCodec } from './text-message-codec.js';

/**
 * The codec of a message-transport (WebSocket) listener, so that handlers get on it what the
 * framing promises on a stream: lines → one text message per line (strings); raw and
 * length-prefixed → one binary message per message (bytes); a codec of their own → its decoder
 * over the messages' bytes; nothing declared → messages as they came.
 */
export function messageCodecFor(framing: Framing | Codec | undefined, options: CodecOptions): Codec {
  if (framing === undefined) return new MessageCodec();
  if (typeof framing === 'object') return framing;
  if (typeof framing === 'function') return framing(options);
  return framing === 'lines' ? new TextMessageCodec() : new BinaryMessageCodec(framing);
}
