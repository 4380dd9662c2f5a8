/** Replies are gathered in blocks of this size; a reply leaves in the block it was written to. */
const BLOCK = 16 * 1024;
/** Bulk values at least this long are sent as they are, not copied into a block. */
const NO_COPY = 4096;
const CRLF = Buffer.from('\r\n');
const LINE_BREAKS = /[\r\n]/g;

/**
 * Encodes RESP2 replies into a few large buffers: all the replies to one read leave in one write,
 * without a string or a Buffer per reply. `take()` hands over what was written since the last
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

  /** `+OK`: a status line. */
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

  /** A bulk string; `null` is the nil reply. */
  bulk(value: Buffer | string | null): void {
    if (value === null) return this.ascii('$-1\r\n');
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    this.ascii(`$${bytes.length}\r\n`);
    if (bytes.length >= NO_COPY) {
      this.closeBlock();
      this.parts.push(bytes, CRLF);
      this.partBytes += bytes.length + 2;
      return;
    }
    this.room(bytes.length + 2);
    bytes.copy(this.block, this.used);
    this.used += bytes.length;
    this.block[this.used++] = 0x0d;
    this.block[this.used++] = 0x0a;
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
