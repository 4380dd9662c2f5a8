import { SwitchboardError } from '../errors.js';
import { CODEC_DEFAULTS, type Codec, type CodecOptions, type Decoder, type DecoderSink } from './codec.js';

const HEADER = 4;

/**
 * Frames of a 4-byte big-endian length followed by that many bytes. A partial frame is kept as
 * a list of chunks and joined once, when it is complete, so a large frame is copied once rather
 * than once per read; a header naming more than the limit fails before anything is buffered.
 */
class LengthPrefixedDecoder implements Decoder {
  private parts: Buffer[] = [];
  private pending = 0;
  private failed = false;

  constructor(
    private readonly sink: DecoderSink,
    private readonly maxLength: number,
  ) {}

  get bufferedBytes(): number {
    return this.pending;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    let buf = chunk;
    if (this.pending > 0) {
      this.parts.push(chunk);
      this.pending += chunk.length;
      const needed = this.heldFrameSize();
      if (needed === undefined || this.pending < needed) return;
      buf = Buffer.concat(this.parts, this.pending);
      this.parts = [];
      this.pending = 0;
    }
    let offset = 0;
    while (buf.length - offset >= HEADER) {
      const size = buf.readUInt32BE(offset);
      if (size > this.maxLength) return this.fail(size);
      if (buf.length - offset - HEADER < size) break;
      const start = offset + HEADER;
      offset = start + size;
      this.sink.message(buf.subarray(start, offset));
      if (this.failed) return;
    }
    if (offset < buf.length) {
      this.parts.push(buf.subarray(offset));
      this.pending = buf.length - offset;
    }
  }

  finish(): void {}

  /** Header plus payload of the held frame; undefined while its header is incomplete or after a failure. */
  private heldFrameSize(): number | undefined {
    if (this.pending < HEADER) return undefined;
    // The header may straddle chunks: join the (few) held bytes once so it can be read.
    if (this.parts[0]!.length < HEADER) this.parts = [Buffer.concat(this.parts, this.pending)];
    const size = this.parts[0]!.readUInt32BE(0);
    if (size > this.maxLength) return this.fail(size);
    return HEADER + size;
  }

  private fail(size: number): undefined {
    this.failed = true;
    this.parts = [];
    this.pending = 0;
    this.sink.error(
      new SwitchboardError('FRAME_TOO_LONG', `Frame of ${size} bytes exceeds the limit of ${this.maxLength} bytes`),
    );
    return undefined;
  }
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
