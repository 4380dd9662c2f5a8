import { SwitchboardError, type Decoder, type DecoderSink, type ErrorCode } from '@switchboard/core';
import { PendingBytes } from '@switchboard/core/transport';
import type { RespCodecOptions } from './resp-codec-options.js';
import { splitInlineArgs } from './inline-args.js';

const CR = 0x0d;
const LF = 0x0a;
const STAR = 0x2a;
const DOLLAR = 0x24;
const MINUS = 0x2d;
/** What `headerLine` returns when the line has not all arrived, or is not a number. */
const INCOMPLETE = -1;
const MALFORMED = -2;

/** What the decoder waits for next. */
const START = 0; // a `*` header, or an inline command
const BULK_HEADER = 1; // `$<length>\r\n`
const BULK_BODY = 2; // `<length>` bytes and CRLF

/**
 * Turns a client's bytes into commands, each an array of arguments (Buffers): RESP arrays of
 * bulk strings, or inline lines as `nc` sends them. Commands are flat, so there is no nesting to
 * bound. An unfinished command is held compactly (PendingBytes for the bytes, copies of the
 * arguments already read, so that no socket read is kept alive by one small argument), and never
 * more than the limits: a header or inline line past `maxLineLength`, a bulk past `maxBulkLength`,
 * a command past `maxArrayLength` arguments or `maxRequestLength` bytes fails the channel.
 */
export class RespDecoder implements Decoder {
  private held?: PendingBytes;
  private want = START;
  private args: Buffer[] = [];
  /** Arguments of the unfinished command that are our own copies (the rest point into `buf`). */
  private ownedArgs = 0;
  /** Bytes of those copies: what the decoder holds besides `held`. */
  private argBytes = 0;
  /** Bytes of all the unfinished command's arguments, for `maxRequestLength`. */
  private requestBytes = 0;
  /** The number `headerLine` read. */
  private number = 0;
  private remaining = 0;
  private bulkLength = 0;
  private failed = false;

  constructor(
    private readonly sink: DecoderSink,
    private readonly limits: Required<RespCodecOptions>,
  ) {}

  get bufferedBytes(): number {
    return (this.held?.length ?? 0) + this.argBytes;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    let buf = chunk;
    const held = this.held;
    if (held !== undefined && held.length > 0) {
      if (!this.completes(held, chunk)) return;
      buf = held.takeWith(chunk, 0, chunk.length);
    }
    const pos = this.parse(buf);
    if (this.failed) return;
    if (pos < buf.length && this.holdable(buf.length - pos)) {
      (this.held ??= new PendingBytes()).append(buf, pos, buf.length);
    }
    if (this.want !== START) this.ownArgs();
  }

  /** A half-closed peer's unfinished command is dropped, as Redis does. */
  finish(): void {}

  /** True when `chunk` may finish what is held; otherwise it is held too (within the limits). */
  private completes(held: PendingBytes, chunk: Buffer): boolean {
    if (this.want === BULK_BODY) {
      if (held.length + chunk.length >= this.bulkLength + 2) return true;
    } else if (chunk.indexOf(LF) !== -1) return true;
    if (this.holdable(held.length + chunk.length)) held.append(chunk, 0, chunk.length);
    return false;
  }

  /** Parses whole commands from `buf`; returns where the unfinished rest starts. */
  private parse(buf: Buffer): number {
    let pos = 0;
    while (pos < buf.length && !this.failed) {
      let next: number;
      if (this.want === BULK_BODY) next = this.bulkBody(buf, pos);
      else if (this.want === BULK_HEADER) next = this.bulkHeader(buf, pos);
      else next = buf[pos] === STAR ? this.arrayHeader(buf, pos) : this.inline(buf, pos);
      if (next < 0) break;
      pos = next;
    }
    return pos;
  }

  private arrayHeader(buf: Buffer, pos: number): number {
    const next = this.headerLine(buf, pos);
    if (next === INCOMPLETE) return -1;
    const count = this.number;
    if (next === MALFORMED || count > this.limits.maxArrayLength) {
      const size = next === MALFORMED ? '' : ` (${count} arguments, limit ${this.limits.maxArrayLength})`;
      return this.fail('PROTOCOL_ERROR', `invalid multibulk length${size}`);
    }
    // `*0` and `*-1` are empty requests, ignored as Redis ignores them.
    if (count > 0) {
      this.remaining = count;
      this.want = BULK_HEADER;
    }
    return next;
  }

  private bulkHeader(buf: Buffer, pos: number): number {
    if (buf[pos] !== DOLLAR) return this.fail('PROTOCOL_ERROR', `expected '$', got '${shown(buf[pos]!)}'`);
    const next = this.headerLine(buf, pos);
    if (next === INCOMPLETE) return -1;
    const length = this.number;
    const { maxBulkLength, maxRequestLength } = this.limits;
    if (next === MALFORMED || length < 0) return this.fail('PROTOCOL_ERROR', 'invalid bulk length');
    if (length > maxBulkLength) {
      return this.fail('FRAME_TOO_LONG', `invalid bulk length (${length} bytes, limit ${maxBulkLength})`);
    }
    this.requestBytes += length;
    if (this.requestBytes > maxRequestLength) {
      return this.fail('FRAME_TOO_LONG', `request over ${maxRequestLength} bytes of arguments`);
    }
    this.bulkLength = length;
    this.want = BULK_BODY;
    return next;
  }

  /**
   * Reads the `*` or `$` header line at `pos` in one pass: its number (an optional minus and 1–12
   * digits) goes to `this.number`, and it returns where the next line starts; INCOMPLETE when the
   * line has not all arrived (the caller holds it, within `maxLineLength`), MALFORMED when it is
   * not a number followed by CRLF.
   */
  private headerLine(buf: Buffer, pos: number): number {
    let i = pos + 1;
    const negative = buf[i] === MINUS;
    if (negative) i++;
    const first = i;
    let value = 0;
    for (; i < buf.length; i++) {
      const digit = buf[i]! - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === buf.length || (i + 1 === buf.length && buf[i] === CR)) return INCOMPLETE;
    if (buf[i] !== CR || buf[i + 1] !== LF || i === first || i - first > 12) return MALFORMED;
    this.number = negative ? -value : value;
    return i + 2;
  }

  private bulkBody(buf: Buffer, pos: number): number {
    const end = pos + this.bulkLength;
    if (buf.length < end + 2) return -1;
    if (buf[end] !== CR || buf[end + 1] !== LF) return this.fail('PROTOCOL_ERROR', 'expected CRLF after bulk');
    this.args.push(buf.subarray(pos, end));
    if (--this.remaining > 0) {
      this.want = BULK_HEADER;
      return end + 2;
    }
    const args = this.args;
    this.args = [];
    this.ownedArgs = 0;
    this.argBytes = 0;
    this.requestBytes = 0;
    this.want = START;
    this.sink.message(args);
    return end + 2;
  }

  private inline(buf: Buffer, pos: number): number {
    const lf = buf.indexOf(LF, pos);
    if (lf === -1) return -1;
    const end = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
    if (end - pos > this.limits.maxLineLength) return this.tooLong(end - pos);
    const args = splitInlineArgs(buf, pos, end);
    if (args === undefined) return this.fail('PROTOCOL_ERROR', 'unbalanced quotes in request');
    if (args.length > 0) this.sink.message(args);
    return lf + 1;
  }

  /** True when `size` bytes of an unfinished line may be held; fails the channel otherwise. */
  private holdable(size: number): boolean {
    // Bulk bodies were checked against their limits when their header was read.
    if (this.want === BULK_BODY || size <= this.limits.maxLineLength + 1) return true;
    this.tooLong(size);
    return false;
  }

  private tooLong(size: number): -1 {
    const what = this.want === START ? 'too big inline request' : 'too big bulk count string';
    return this.fail('LINE_TOO_LONG', `${what} (${size} bytes or more, limit ${this.limits.maxLineLength})`);
  }

  /** Copies the arguments read from this chunk, so that holding them does not hold the chunk. */
  private ownArgs(): void {
    for (let i = this.ownedArgs; i < this.args.length; i++) {
      this.args[i] = Buffer.from(this.args[i]!);
      this.argBytes += this.args[i]!.length;
    }
    this.ownedArgs = this.args.length;
  }

  private fail(code: ErrorCode, detail: string): -1 {
    this.failed = true;
    this.held = undefined;
    this.args = [];
    this.argBytes = 0;
    this.requestBytes = 0;
    this.sink.error(new SwitchboardError(code, `Protocol error: ${detail}`));
    return -1;
  }
}

/** A byte as Redis names it in "expected '$', got 'x'": printable ASCII as is, others as \xHH. */
function shown(byte: number): string {
  return byte >= 0x20 && byte < 0x7f && byte !== 0x27
    ? String.fromCharCode(byte)
    : `\\x${byte.toString(16).padStart(2, '0')}`;
}
