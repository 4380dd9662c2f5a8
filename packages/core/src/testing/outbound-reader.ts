import type { Codec, Decoder } from '../codec/codec.js';
import { createCodec, type Framing } from '../codec/create-codec.js';
import type { SwitchboardError } from '../errors.js';
import { LIMIT_MAXIMUMS } from '../limit-ranges.js';
import type { WrittenChunk } from './test-link.js';

/**
 * Reads what a channel wrote the way its peer would: through a decoder of the channel's own codec,
 * so a line arrives as a string without its newline and a frame as its payload. Decodes lazily,
 * when a test asks, so a handler's write never throws on the test's behalf.
 */
export class OutboundReader {
  readonly messages: unknown[] = [];
  private readonly decoder?: Decoder;
  private decoded = 0;
  private failure?: SwitchboardError;

  /** `codec` undefined: every chunk is a whole message (a message link, or a pass-through codec). */
  constructor(
    codec: Codec | undefined,
    private readonly chunks: readonly WrittenChunk[],
  ) {
    if (codec !== undefined && !codec.passThrough) {
      this.decoder = codec.createDecoder({
        message: (msg) => this.messages.push(msg),
        error: (err) => (this.failure ??= err),
      });
    }
  }

  /** Every whole message written so far; a partial one stays in `writtenBytes()` until it is complete. */
  read(): readonly unknown[] {
    for (; this.decoded < this.chunks.length; this.decoded++) {
      const chunk = this.chunks[this.decoded]!;
      // A message link and a pass-through codec write each message as one chunk.
      if (this.decoder === undefined || typeof chunk === 'string') this.messages.push(chunk);
      else this.decoder.push(chunk);
    }
    if (this.failure) {
      throw new Error(`What the channel wrote does not decode with its own codec: ${this.failure.message}`, {
        cause: this.failure,
      });
    }
    return this.messages;
  }
}

/**
 * The codec the peer reads with: the channel's framing without the channel's limits, since what
 * the server writes (an `ERROR LINE_TOO_LONG …` line, say) may be longer than what it accepts.
 */
export function peerCodec(codec: Codec, framing: Framing | Codec): Codec {
  if (codec.passThrough || typeof framing === 'object') return codec;
  return createCodec(framing, {
    maxLineLength: LIMIT_MAXIMUMS.maxLineLength,
    maxFrameLength: LIMIT_MAXIMUMS.maxFrameLength,
  });
}
