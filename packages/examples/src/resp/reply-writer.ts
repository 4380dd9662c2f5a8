/** Replies are gathered in blocks of this size; a reply leaves in the block it was written to. */
const BLOCK = 16 * 1024;
/** Room a `$<length>\r\n` header and the CRLF after the bulk may take. */
const BULK_FRAMING = 20;
const CR = 0x0d;
const LF = 0x0a;
const DOLLAR = 0x24;
const LINE_BREAKS = /[\r\n]/g;
/** The most frequent replies, made once and copied as they are. */
const OK = Buffer.from('+OK\r\n');
const NIL = Buffer.from('$-1\r\n');

/**
 * Encodes RESP2 replies into a few large buffers: all the replies to one read leave in one write,
 * without a string or a Buffer per reply. Bulk headers are written digit by digit, frequent replies
 * are copied from constants, and bulk values (Buffers, or binary strings as the store keeps them)
 * are copied once, straight into the block. `take()` hands over what was written since the last
 * take; a block is not reused before the socket is done with it, because new replies only ever
 * go after the part handed over.
 */
export class ReplyWriter {
  private block = Buffer.allocUnsafe(0);
  private used = 0;
  /** Where the part not yet taken starts in `block`. */
  private from = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.partBytes + this.used - this.from;
  }

  /** `+OK`, the answer of most writes. */
  ok(): void {
    this.canned(OK);
  }

  /** `+PONG`: a status line. */
  simple(text: string): void {
    this.ascii(`+${text}\r\n`);
  }

  /** `-ERR …`: `text` starts with the error kind (ERR, NOPROTO, …); line breaks become spaces. */
  error(text: string): void {
    this.ascii(`-${text.replace(LINE_BREAKS, ' ')}\r\n`);
  }

  integer(value: number | bigint): void {
    this.ascii(`:${value}\r\n`);
  }

  /**
   * A bulk string; `null` is the nil reply. A string is taken as binary (latin1, one char per byte,
   * as keys and values are kept), so text must be ASCII.
   */
  bulk(value: Buffer | string | null): void {
    if (value === null) return this.canned(NIL);
    this.room(value.length + BULK_FRAMING);
    const block = this.block;
    let at = this.used;
    block[at++] = DOLLAR;
    at = writeDecimal(block, at, value.length);
    block[at++] = CR;
    block[at++] = LF;
    at += typeof value === 'string' ? block.write(value, at, 'latin1') : value.copy(block, at);
    block[at++] = CR;
    block[at++] = LF;
    this.used = at;
  }

  /** A bulk string of `source[start, end)` (a value where the store keeps it), copied once. */
  bulkSlice(source: Buffer, start: number, end: number): void {
    const length = end - start;
    this.room(length + BULK_FRAMING);
    const block = this.block;
    let at = this.used;
    block[at++] = DOLLAR;
    at = writeDecimal(block, at, length);
    block[at++] = CR;
    block[at++] = LF;
    // Values are mostly a few bytes: a loop is cheaper than Buffer#copy's checks below a cache line.
    if (length <= 64) for (let i = start; i < end; i++) block[at++] = source[i]!;
    else at += source.copy(block, at, start, end);
    block[at++] = CR;
    block[at++] = LF;
    this.used = at;
  }

  /** The header of an array of `count` replies, which follow. */
  arrayHeader(count: number): void {
    this.ascii(`*${count}\r\n`);
  }

  /** What was written since the last take, in order (usually one Buffer); empty when nothing was. */
  take(): Buffer[] {
    this.closeBlock();
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    return parts;
  }

  private canned(reply: Buffer): void {
    this.room(reply.length);
    // A few bytes: a loop is cheaper than Buffer#copy's checks.
    for (let i = 0; i < reply.length; i++) this.block[this.used++] = reply[i]!;
  }

  private ascii(text: string): void {
    this.room(text.length);
    this.used += this.block.write(text, this.used, 'latin1');
  }

  private room(size: number): void {
    if (this.block.length - this.used >= size) return;
    this.closeBlock();
    this.block = Buffer.allocUnsafe(Math.max(BLOCK, size));
    this.used = 0;
    this.from = 0;
  }

  /** Moves the written part of the block to `parts`, ready to be taken. */
  private closeBlock(): void {
    if (this.used === this.from) return;
    this.parts.push(this.block.subarray(this.from, this.used));
    this.partBytes += this.used - this.from;
    this.from = this.used;
  }
}

/** Writes `value`, a non-negative integer, in decimal at `at`; returns where the digits end. */
function writeDecimal(buf: Buffer, at: number, value: number): number {
  let last = at;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) last++;
  for (let i = last, rest = value; i >= at; i--, rest = Math.floor(rest / 10)) buf[i] = 0x30 + (rest % 10);
  return last + 1;
}
