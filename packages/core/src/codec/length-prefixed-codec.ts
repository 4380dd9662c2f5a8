import { SwitchboardError } from '../errors.js';
import { CODEC_DEFAULTS, type Codec, type CodecOptions, type Decoder, type DecoderSink } from './codec.js';

const HEADER = 4;

/** Frames of a 4-byte big-endian length followed by that many bytes; never buffers past the limit. */
class LengthPrefixedDecoder implements Decoder {
  private buffered: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(
    private readonly sink: DecoderSink,
    private readonly maxLength: number,
  ) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    let buf = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let offset = 0;
    while (buf.length - offset >= HEADER) {
      const size = buf.readUInt32BE(offset);
      if (size > this.maxLength) {
        this.failed = true;
        this.buffered = Buffer.alloc(0);
        this.sink.error(
          new SwitchboardError('FRAME_TOO_LONG', `Frame of ${size} bytes exceeds the limit of ${this.maxLength} bytes`),
        );
        return;
      }
      if (buf.length - offset - HEADER < size) break;
      const start = offset + HEADER;
      offset = start + size;
      this.sink.message(buf.subarray(start, offset));
    }
    // Copy the remainder so that a held partial frame does not pin the whole read buffer.
    buf = buf.subarray(offset);
    this.buffered = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
  }

  finish(): void {}
}

/** Binary frames with a 4-byte big-endian length prefix; handlers receive and write the payload. */
export class LengthPrefixedCodec implements Codec {
  readonly name = 'length-prefixed';
  readonly maxFrameLength: number;

  constructor(options: CodecOptions = {}) {
    this.maxFrameLength = options.maxFrameLength ?? CODEC_DEFAULTS.maxFrameLength;
    if (!Number.isInteger(this.maxFrameLength) || this.maxFrameLength < 0 || this.maxFrameLength > 0xffffffff) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `maxFrameLength must be an integer from 0 to 2^32-1, got ${this.maxFrameLength}`,
      );
    }
  }

  createDecoder(sink: DecoderSink): Decoder {
    return new LengthPrefixedDecoder(sink, this.maxFrameLength);
  }

  encode(msg: string | Uint8Array): Uint8Array {
    const payload = typeof msg === 'string' ? Buffer.from(msg) : msg;
    const frame = Buffer.allocUnsafe(HEADER + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.set(payload, HEADER);
    return frame;
  }

  notice(text: string): Uint8Array {
    return this.encode(text);
  }
}
