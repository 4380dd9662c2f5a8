import { SwitchboardError } from '../errors.js';
import { checkLimitRange } from '../limit-ranges.js';
import { CODEC_DEFAULTS, type Codec, type CodecOptions, type Decoder, type DecoderSink } from './codec.js';
import { PendingBytes } from './pending-bytes.js';

const HEADER = 4;

/**
 * Frames of a 4-byte big-endian length followed by that many bytes. A partial frame is held
 * compactly (see PendingBytes: large reads uncopied, small ones gathered into one buffer) and
 * joined once, when it is complete; a header naming more than the limit fails before anything
 * more is buffered.
 */
class LengthPrefixedDecoder implements Decoder {
  /** Made when a frame first spans reads. */
  private held?: PendingBytes;
  private failed = false;

  constructor(
    private readonly sink: DecoderSink<Buffer>,
    private readonly maxLength: number,
  ) {}

  get bufferedBytes(): number {
    return this.held?.length ?? 0;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    let buf = chunk;
    const held = this.held;
    if (held !== undefined && held.length > 0) {
      held.append(chunk, 0, chunk.length);
      const needed = this.heldFrameSize(held);
      if (needed === undefined || held.length < needed) return;
      buf = held.take();
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
    if (offset < buf.length) (this.held ??= new PendingBytes()).append(buf, offset, buf.length);
  }

  finish(): void {}

  /** Header plus payload of the held frame; undefined while its header is incomplete or after a failure. */
  private heldFrameSize(held: PendingBytes): number | undefined {
    if (held.length < HEADER) return undefined;
    const size = held.readUInt32BE();
    if (size > this.maxLength) return this.fail(size);
    return HEADER + size;
  }

  private fail(size: number): undefined {
    this.failed = true;
    this.held = undefined;
    this.sink.error(
      new SwitchboardError('FRAME_TOO_LONG', `Frame of ${size} bytes exceeds the limit of ${this.maxLength} bytes`),
    );
    return undefined;
  }
}

/**
 * Binary frames with a 4-byte big-endian length prefix; handlers receive and write the payload.
 * No notices: the peer never gets a frame it did not ask for.
 */
export class LengthPrefixedCodec implements Codec<Buffer> {
  readonly name = 'length-prefixed';
  readonly messages = 'bytes';
  readonly maxFrameLength: number;

  constructor(options: CodecOptions = {}) {
    this.maxFrameLength = options.maxFrameLength ?? CODEC_DEFAULTS.maxFrameLength;
    checkLimitRange('maxFrameLength', this.maxFrameLength);
  }

  createDecoder(sink: DecoderSink<Buffer>): Decoder {
    return new LengthPrefixedDecoder(sink, this.maxFrameLength);
  }

  encode(msg: string | Uint8Array): Uint8Array {
    const payload = typeof msg === 'string' ? Buffer.from(msg) : msg;
    const frame = Buffer.allocUnsafe(HEADER + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.set(payload, HEADER);
    return frame;
  }
}
