import { SwitchboardError } from '@switchboard/core';

/** A RESP2 reply: simple string, integer, bulk bytes (null for nil), array, or an error reply. */
export type RespValue = string | number | Buffer | null | RespValue[] | RespErrorReply;

/** A `-ERR …` reply: a value, not an exception, since Redis sends it for a command it refused. */
export class RespErrorReply {
  constructor(readonly message: string) {}
}

/** How much a reply may hold; the reader fails the connection past any of them. */
export interface RespLimits {
  /** Longest status, error or integer line, and longest length header (bytes). */
  readonly maxLineBytes: number;
  /** Largest bulk string (bytes). */
  readonly maxBulkBytes: number;
  /** Most elements in one array. */
  readonly maxArrayLength: number;
  /** Deepest nesting of arrays (pub/sub replies are one level deep). */
  readonly maxDepth: number;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads RESP2 replies incrementally, in time linear in the input and memory bounded by the
 * limits: no recursion (nesting is a counted stack), no buffer grows past a limit, and each byte
 * is looked at a constant number of times whatever the chunking. A violation throws a
 * PROTOCOL_ERROR or PAYLOAD_TOO_LARGE SwitchboardError and leaves the reader unusable: the
 * caller drops the connection.
 */
export class RespReader {
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** The type byte of the line being read, or 0 while waiting for one. */
  private kind = 0;
  /** Bytes of bulk body (plus CRLF) still to come; -1 when reading a line. */
  private bulkLeft = -1;
  private readonly stack: { items: RespValue[]; left: number }[] = [];
  private failed?: SwitchboardError;

  constructor(
    private readonly limits: RespLimits,
    private readonly onReply: (value: RespValue) => void,
  ) {}

  /** Feeds one chunk from the socket; throws on a protocol violation (and on every call after it). */
  push(chunk: Buffer): void {
    if (this.failed) throw this.failed;
    try {
      let pos = 0;
      while (pos < chunk.length) pos = this.bulkLeft >= 0 ? this.readBulk(chunk, pos) : this.readLine(chunk, pos);
    } catch (err) {
      this.failed = err as SwitchboardError;
      this.parts = [];
      throw err;
    }
  }

  private readLine(chunk: Buffer, pos: number): number {
    if (this.kind === 0) this.kind = chunk[pos++]!;
    const end = chunk.indexOf(LF, pos);
    const stop = end === -1 ? chunk.length : end;
    if (this.partBytes + (stop - pos) > this.limits.maxLineBytes) {
      throw this.fail('PAYLOAD_TOO_LARGE', `a reply line longer than ${this.limits.maxLineBytes} bytes`);
    }
    this.take(chunk.subarray(pos, stop));
    if (end === -1) return chunk.length;
    const line = this.drain();
    if (line[line.length - 1] !== CR) throw this.fail('PROTOCOL_ERROR', 'a reply line not ended by CRLF');
    const kind = this.kind;
    this.kind = 0;
    this.onLine(kind, line.toString('latin1', 0, line.length - 1));
    return end + 1;
  }

  private readBulk(chunk: Buffer, pos: number): number {
    const n = Math.min(this.bulkLeft, chunk.length - pos);
    this.take(chunk.subarray(pos, pos + n));
    this.bulkLeft -= n;
    if (this.bulkLeft === 0) {
      this.bulkLeft = -1;
      const body = this.drain();
      if (body[body.length - 2] !== CR || body[body.length - 1] !== LF) {
        throw this.fail('PROTOCOL_ERROR', 'a bulk reply not ended by CRLF');
      }
      this.emit(body.subarray(0, body.length - 2));
    }
    return pos + n;
  }

  private onLine(kind: number, text: string): void {
    switch (kind) {
      case 0x2b: // '+'
        return this.emit(text);
      case 0x2d: // '-'
        return this.emit(new RespErrorReply(text));
      case 0x3a: // ':'
        return this.emit(this.integer(text));
      case 0x24: {
        // '$': a bulk string of n bytes follows, or nil
        const n = this.length(text, this.limits.maxBulkBytes, 'bulk reply');
        if (n < 0) return this.emit(null);
        this.bulkLeft = n + 2;
        return;
      }
      case 0x2a: {
        // '*': an array of n replies follows, or nil
        const n = this.length(text, this.limits.maxArrayLength, 'array reply');
        if (n <= 0) return this.emit(n < 0 ? null : []);
        if (this.stack.length >= this.limits.maxDepth) {
          throw this.fail('PROTOCOL_ERROR', `arrays nested deeper than ${this.limits.maxDepth}`);
        }
        this.stack.push({ items: [], left: n });
        return;
      }
      default:
        throw this.fail('PROTOCOL_ERROR', `unknown reply type byte 0x${kind.toString(16).padStart(2, '0')}`);
    }
  }

  /** Completes a value: into the open array (closing every array it completes), or out. */
  private emit(value: RespValue): void {
    let done = value;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) return this.onReply(done);
      top.items.push(done);
      if (--top.left > 0) return;
      this.stack.pop();
      done = top.items;
    }
  }

  private integer(text: string): number {
    if (!/^-?\d{1,15}$/.test(text)) throw this.fail('PROTOCOL_ERROR', `bad integer reply ${JSON.stringify(text)}`);
    return Number(text);
  }

  private length(text: string, max: number, what: string): number {
    const n = text === '-1' ? -1 : /^\d{1,15}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(n)) throw this.fail('PROTOCOL_ERROR', `bad ${what} length ${JSON.stringify(text.slice(0, 32))}`);
    if (n > max) throw this.fail('PAYLOAD_TOO_LARGE', `a ${what} of ${n} (limit ${max})`);
    return n;
  }

  private take(part: Buffer): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.partBytes += part.length;
  }

  private drain(): Buffer {
    const whole = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    return whole;
  }

  private fail(code: 'PROTOCOL_ERROR' | 'PAYLOAD_TOO_LARGE', what: string): SwitchboardError {
    return new SwitchboardError(code, `Redis sent ${what}`);
  }
}
