/** Pieces at least this long, and most of the read they came in, are kept as they are (no copy). */
const COPY_BELOW = 2048;
const FIRST_TAIL = 256;
/** A tail that would grow past this is closed and a new one started: no doubling copy of a large tail. */
const MAX_TAIL = 64 * 1024;

/**
 * A decoder's unfinished message, held so that its cost follows the bytes held, never the number
 * of reads: a Buffer per socket read costs ~100–200 bytes however short the read, so a peer
 * sending one byte per packet would cost 100× what it sends. Small pieces are copied into a
 * growing buffer of our own (the tail); large ones are kept without a copy.
 */
export class PendingBytes {
  /** Bytes held. */
  length = 0;
  /** Closed pieces, in order; the open tail follows them. */
  private parts: Buffer[] = [];
  private tail?: Buffer;
  private tailUsed = 0;

  /** Holds `chunk[start, end)`. */
  append(chunk: Buffer, start: number, end: number): void {
    const size = end - start;
    if (size === 0) return;
    this.length += size;
    if (size >= COPY_BELOW && size * 2 >= chunk.length) {
      this.closeTail();
      this.parts.push(chunk.subarray(start, end));
      return;
    }
    if (this.tail === undefined || this.tail.length - this.tailUsed < size) this.growTail(size);
    chunk.copy(this.tail!, this.tailUsed, start, end);
    this.tailUsed += size;
  }

  /** Everything held followed by `chunk[start, end)`, as one new Buffer; holds nothing after. */
  takeWith(chunk: Buffer, start: number, end: number): Buffer {
    this.closeTail();
    if (end > start) this.parts.push(chunk.subarray(start, end));
    const joined = Buffer.concat(this.parts, this.length + end - start);
    this.clear();
    return joined;
  }

  /** Everything held, as one Buffer; holds nothing after. */
  take(): Buffer {
    return this.takeWith(EMPTY, 0, 0);
  }

  /** The first four bytes held, big-endian (the caller checks that four are held). */
  readUInt32BE(): number {
    const first = this.parts[0] ?? this.tail!;
    if (first.length >= 4 && (this.parts.length > 0 || this.tailUsed >= 4)) return first.readUInt32BE(0);
    // A header split across pieces: read it a byte at a time.
    let value = 0;
    let count = 0;
    for (const piece of [...this.parts, this.tail?.subarray(0, this.tailUsed) ?? EMPTY]) {
      for (let i = 0; i < piece.length && count < 4; i++, count++) value = value * 256 + piece[i]!;
    }
    return value;
  }

  clear(): void {
    this.parts = [];
    this.tail = undefined;
    this.tailUsed = 0;
    this.length = 0;
  }

  private growTail(size: number): void {
    const tail = this.tail;
    if (tail !== undefined && this.tailUsed + size <= MAX_TAIL) {
      // Doubling: every byte is copied a bounded number of times however it arrives.
      const grown = Buffer.allocUnsafe(Math.max(tail.length * 2, this.tailUsed + size));
      tail.copy(grown, 0, 0, this.tailUsed);
      this.tail = grown;
      return;
    }
    this.closeTail();
    this.tail = Buffer.allocUnsafe(Math.max(FIRST_TAIL, size));
  }

  private closeTail(): void {
    if (this.tail === undefined) return;
    if (this.tailUsed > 0) this.parts.push(this.tail.subarray(0, this.tailUsed));
    this.tail = undefined;
    this.tailUsed = 0;
  }
}

const EMPTY = Buffer.alloc(0);
