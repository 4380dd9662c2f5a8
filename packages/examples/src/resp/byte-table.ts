import { randomInt } from 'node:crypto';

/** Each entry's header in the arena: hash, key length (top bit: deleted), value length, value room. */
const HEADER = 16;
const DELETED = 0x80000000;
/** A slot of the index: [hash, 1 + the entry's arena offset]; 0 is empty, TOMBSTONE a removed entry. */
const TOMBSTONE = -1;
const FIRST_SLOTS = 1024;
const FIRST_ARENA = 64 * 1024;

/**
 * Binary keys to binary values, all in one arena: an entry is a 16-byte header, the key's bytes and
 * room for the value, and an open-addressing index of [hash, offset] pairs finds it. A lookup
 * hashes the request's bytes where they lie (no key string is made) and touches two places in
 * memory, the index slot and the entry, where a `Map` of strings touches four (bucket, entry, key
 * string, value string): with 100,000 keys every one of those is a cache miss, and they were a
 * third of the RESP example's CPU. A SET of a value that fits where the old one was writes it in
 * place; nothing per key lives on the JavaScript heap, so nothing is promoted by the GC either.
 *
 * Entries stay in insertion order in the arena (a value that outgrows its room moves to the
 * end); removed and moved entries leave garbage that is compacted away once it is half the
 * arena. The hash is seeded per table (FNV-1a and a final mix), which spreads keys but is not a
 * keyed hash built to resist chosen collisions.
 */
export class ByteTable {
  private index = new Int32Array(FIRST_SLOTS * 2);
  /** Live entries and tombstones: the index grows when they fill half of it. */
  private filled = 0;
  private live = 0;
  private bytes = Buffer.allocUnsafe(FIRST_ARENA);
  private words = new Int32Array(this.bytes.buffer, this.bytes.byteOffset, FIRST_ARENA / 4);
  private used = 0;
  private garbage = 0;
  private readonly seed = randomInt(0x7fffffff);

  get size(): number {
    return this.live;
  }

  /** The arena: an entry's value is `arena.subarray(valueStart(entry), valueEnd(entry))`. */
  get arena(): Buffer {
    return this.bytes;
  }

  /** The entry holding `key[start, end)`, or -1. */
  find(key: Uint8Array, start = 0, end = key.length): number {
    const hash = this.hash(key, start, end);
    const mask = (this.index.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = this.index[slot * 2 + 1]!;
      if (at === 0) return -1;
      if (at !== TOMBSTONE && this.index[slot * 2] === hash && this.keyIs(at - 1, key, start, end)) return at - 1;
    }
  }

  valueStart(entry: number): number {
    return entry + HEADER + this.words[(entry >> 2) + 1]!;
  }

  valueEnd(entry: number): number {
    return this.valueStart(entry) + this.words[(entry >> 2) + 2]!;
  }

  valueLength(entry: number): number {
    return this.words[(entry >> 2) + 2]!;
  }

  /** Sets `key` to `value[start, end)`; returns the entry (its offset changes when the value moves). */
  set(key: Uint8Array, value: Uint8Array, start = 0, end = value.length): number {
    const length = end - start;
    const found = this.find(key);
    if (found >= 0 && this.words[(found >> 2) + 3]! >= length) {
      this.words[(found >> 2) + 2] = length;
      this.bytes.set(value.subarray(start, end), this.valueStart(found));
      return found;
    }
    if (found >= 0) this.remove(found);
    const hash = this.hash(key, 0, key.length);
    const entry = this.append(hash, key, value.subarray(start, end));
    this.place(hash, entry);
    this.live++;
    return entry;
  }

  /** Removes `key`; false when it was not there. */
  delete(key: Uint8Array): boolean {
    const entry = this.find(key);
    if (entry < 0) return false;
    this.remove(entry);
    return true;
  }

  /** Every live entry's key, in insertion order (latin1: one char per byte). */
  *keys(): IterableIterator<string> {
    for (let at = 0; at < this.used; at = this.next(at)) {
      const keyLength = this.words[(at >> 2) + 1]!;
      if ((keyLength & DELETED) === 0) yield this.bytes.latin1Slice(at + HEADER, at + HEADER + keyLength);
    }
  }

  private keyIs(entry: number, key: Uint8Array, start: number, end: number): boolean {
    if (this.words[(entry >> 2) + 1] !== end - start) return false;
    const bytes = this.bytes;
    for (let i = start, at = entry + HEADER; i < end; i++, at++) if (bytes[at] !== key[i]) return false;
    return true;
  }

  private hash(key: Uint8Array, start: number, end: number): number {
    let h = this.seed ^ 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    // murmur3's finaliser, so that the low bits the index uses depend on every byte.
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** Where the entry after `at` starts. */
  private next(at: number): number {
    const keyLength = this.words[(at >> 2) + 1]! & ~DELETED;
    return at + align(HEADER + keyLength + this.words[(at >> 2) + 3]!);
  }

  private append(hash: number, key: Uint8Array, value: Uint8Array): number {
    // Room for the value to grow a little in place (INCR, a value set again slightly longer).
    const room = Math.max(8, align(value.length));
    const size = align(HEADER + key.length + room);
    if (this.used + size > this.bytes.length) this.makeRoom(size);
    const entry = this.used;
    const word = entry >> 2;
    this.words[word] = hash;
    this.words[word + 1] = key.length;
    this.words[word + 2] = value.length;
    this.words[word + 3] = room;
    this.bytes.set(key, entry + HEADER);
    this.bytes.set(value, entry + HEADER + key.length);
    this.used += size;
    return entry;
  }

  /** Marks `entry` removed in the arena and the index. */
  private remove(entry: number): void {
    const word = entry >> 2;
    const hash = this.words[word]!;
    const mask = (this.index.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (this.index[slot * 2 + 1] === entry + 1) {
        this.index[slot * 2 + 1] = TOMBSTONE;
        break;
      }
    }
    this.garbage += this.next(entry) - entry;
    this.words[word + 1] = this.words[word + 1]! | DELETED;
    this.live--;
  }

  /** Files `entry` in the index, growing it first when live entries and tombstones fill half. */
  private place(hash: number, entry: number): void {
    if ((this.filled + 1) * 2 > this.index.length >> 1) this.reindex(this.live * 4 > this.index.length >> 1);
    this.fill(hash, entry);
  }

  private fill(hash: number, entry: number): void {
    const mask = (this.index.length >> 1) - 1;
    let slot = hash & mask;
    while (this.index[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
    this.index[slot * 2] = hash;
    this.index[slot * 2 + 1] = entry + 1;
    this.filled++;
  }

  /** Rebuilds the index from the arena (dropping tombstones), twice as large when `grow`. */
  private reindex(grow: boolean): void {
    this.index = new Int32Array(grow ? this.index.length * 2 : this.index.length);
    this.filled = 0;
    for (let at = 0; at < this.used; at = this.next(at)) {
      if ((this.words[(at >> 2) + 1]! & DELETED) === 0) this.fill(this.words[at >> 2]!, at);
    }
  }

  /** Compacts the arena when half of it is garbage, otherwise doubles it, until `size` more fits. */
  private makeRoom(size: number): void {
    const keep = this.used - this.garbage;
    let length = this.bytes.length;
    if (keep + size > length / 2) length *= 2;
    while (keep + size > length) length *= 2;
    const bytes = Buffer.allocUnsafe(length);
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, length / 4);
    let used = 0;
    for (let at = 0; at < this.used; at = this.next(at)) {
      if ((this.words[(at >> 2) + 1]! & DELETED) !== 0) continue;
      const end = this.next(at);
      this.bytes.copy(bytes, used, at, end);
      used += end - at;
    }
    this.bytes = bytes;
    this.words = words;
    this.used = used;
    this.garbage = 0;
    this.reindex(false);
  }
}

/** Rounds up to a multiple of 4, so that every header is word-aligned. */
function align(size: number): number {
  return (size + 3) & ~3;
}
