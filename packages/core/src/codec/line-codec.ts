import { SwitchboardError } from '../errors.js';
import { checkLimitRange } from '../limit-ranges.js';
import { CODEC_DEFAULTS, type Codec, type CodecOptions, type Decoder, type DecoderSink } from './codec.js';
import { PendingBytes } from './pending-bytes.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits on LF, drops a CR before it, and decodes each line as UTF-8. Lines are cut on bytes,
 * never on characters, so a multi-byte character split across reads arrives whole. At most
 * `maxLineLength` bytes (plus a CR) are ever held for one unfinished line, compactly (see PendingBytes).
 */
class LineDecoder implements Decoder {
  /** Made when a line first spans reads; a connection that sends whole lines never has one. */
  private held?: PendingBytes;
  private failed = false;

  constructor(
    private readonly sink: DecoderSink<string>,
    private readonly maxLength: number,
  ) {}

  get bufferedBytes(): number {
    return this.held?.length ?? 0;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    let start = 0;
    let newline = chunk.indexOf(LF);
    if (newline !== -1 && this.held !== undefined && this.held.length > 0) {
      const line = this.joinPending(this.held, chunk, 0, newline);
      if (line === undefined) return;
      this.sink.message(line);
      start = newline + 1;
      newline = chunk.indexOf(LF, start);
    }
    if (newline !== -1) {
      // A read usually ends with its last line (one line, for request/response): no second search then.
      const last = chunk[chunk.length - 1] === LF ? chunk.length - 1 : chunk.lastIndexOf(LF);
      if (newline < last && last - start <= this.maxLength) this.splitDecoded(chunk.toString('utf8', start, last));
      else if (!this.eachLine(chunk, start, newline)) return;
      start = last + 1;
    }
    if (start < chunk.length) this.hold(chunk, start);
  }

  finish(): void {
    if (this.failed || this.held === undefined || this.held.length === 0) return;
    const rest = this.held.take();
    const line = this.lineOf(rest, 0, rest.length);
    if (line !== undefined) this.sink.message(line);
  }

  /**
   * Several whole lines, no longer than the limit all together, decoded at once and cut on '\n':
   * one decode per read instead of one per line. The same strings: an LF byte is only ever an LF
   * character, and a malformed sequence before it is replaced alike whether the decode stops there or not.
   * The lines are slices of one string (as with `split`): a line kept keeps its read's text, at most a read.
   */
  private splitDecoded(text: string): void {
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      let end = newline === -1 ? text.length : newline;
      if (end > from && text.charCodeAt(end - 1) === CR) end--;
      this.sink.message(text.slice(from, end));
      if (newline === -1) return;
      from = newline + 1;
    }
  }

  /** The chunk's whole lines from `start` (the first ends at `newline`) one by one; false once one failed. */
  private eachLine(chunk: Buffer, start: number, newline: number): boolean {
    while (newline !== -1) {
      const line = this.lineOf(chunk, start, newline);
      if (line === undefined) return false;
      this.sink.message(line);
      start = newline + 1;
      newline = chunk.indexOf(LF, start);
    }
    return true;
  }

  private lineOf(buf: Buffer, start: number, end: number): string | undefined {
    if (end > start && buf[end - 1] === CR) end--;
    if (end - start > this.maxLength) return this.fail(end - start);
    return buf.toString('utf8', start, end);
  }

  private joinPending(held: PendingBytes, chunk: Buffer, start: number, newline: number): string | undefined {
    const total = held.length + newline - start;
    if (total > this.maxLength + 1) return this.fail(total);
    const joined = held.takeWith(chunk, start, newline);
    return this.lineOf(joined, 0, joined.length);
  }

  private hold(chunk: Buffer, start: number): void {
    const size = (this.held?.length ?? 0) + chunk.length - start;
    // One byte of slack for a CR whose LF has not arrived yet.
    if (size > this.maxLength + 1) {
      this.fail(size);
      return;
    }
    (this.held ??= new PendingBytes()).append(chunk, start, chunk.length);
  }

  private fail(size: number): undefined {
    this.failed = true;
    this.held = undefined;
    this.sink.error(
      new SwitchboardError(
        'LINE_TOO_LONG',
        `Line of ${size} bytes or more exceeds the limit of ${this.maxLength} bytes`,
      ),
    );
    return undefined;
  }
}

/**
 * Text lines, LF or CRLF: handlers receive strings without the delimiter and write strings.
 * Notices (ERROR refusals, the goodbye) are lines too.
 */
export class LineCodec implements Codec<string> {
  readonly name = 'lines';
  readonly messages = 'text';
  readonly maxLineLength: number;
  private readonly ending: string;
  private readonly endingBytes: Buffer;

  constructor(options: CodecOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? CODEC_DEFAULTS.maxLineLength;
    this.ending = options.lineEnding ?? CODEC_DEFAULTS.lineEnding;
    this.endingBytes = Buffer.from(this.ending);
    checkLimitRange('maxLineLength', this.maxLineLength);
    if (this.maxLineLength < 1) {
      throw new SwitchboardError('BAD_OPTION', `maxLineLength must be a positive integer, got ${this.maxLineLength}`);
    }
  }

  createDecoder(sink: DecoderSink<string>): Decoder {
    return new LineDecoder(sink, this.maxLineLength);
  }

  encode(msg: string | Uint8Array): string | Uint8Array {
    return typeof msg === 'string' ? msg + this.ending : Buffer.concat([msg, this.endingBytes]);
  }

  notice(text: string): string {
    return text + this.ending;
  }
}
