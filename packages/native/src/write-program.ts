import { DIRECT_OP, FAN_OUT_OP, type NativeBinding } from './native-binding.js';

/**
 * A turn's writes, in the order they were made, for one `sendAll` call: each connection's direct
 * writes and every fan-out (one buffer to many connections) become records over one chunk table,
 * and the addon lays them out per connection, one sendmsg each.
 */
export class WriteProgram {
  /** Counts the programs sent, so a fan-out knows whether its member list is still referenced. */
  serial = 0;
  private ops = new Uint32Array(1024);
  private length = 0;
  private chunks: (Uint8Array | Uint32Array)[] = [];
  /** The last record, if a fan-out: the next one to the same members extends it instead. */
  private lastFanOut = -1;
  /** Fan-out chunks that several broadcasts in a row make up: joined into one when the program runs. */
  private joins?: Map<number, Uint8Array[]>;

  get empty(): boolean {
    return this.length === 0;
  }

  direct(id: number, chunk: Uint8Array): void {
    this.lastFanOut = -1;
    const at = this.reserve(3);
    this.ops[at] = DIRECT_OP;
    this.ops[at + 1] = id;
    this.ops[at + 2] = this.chunks.push(chunk) - 1;
  }

  /** `members[0..count)` is read when the program runs: it must not change until then. */
  fanOut(chunk: Uint8Array, members: Uint32Array, count: number, except: number): void {
    const last = this.lastFanOut;
    // A burst of lines to one room (an unchanged member list, the same sender left out) becomes
    // one chunk, so each receiver's sendmsg carries one buffer instead of one iovec per line.
    if (
      last >= 0 &&
      this.chunks[this.ops[last + 2]!] === members &&
      this.ops[last + 3] === count &&
      this.ops[last + 4] === except
    ) {
      const index = this.ops[last + 1]!;
      const joins = (this.joins ??= new Map());
      const parts = joins.get(index);
      if (parts === undefined) joins.set(index, [this.chunks[index] as Uint8Array, chunk]);
      else parts.push(chunk);
      return;
    }
    const at = this.reserve(5);
    this.lastFanOut = at;
    this.ops[at] = FAN_OUT_OP;
    this.ops[at + 1] = this.chunks.push(chunk) - 1;
    this.ops[at + 2] = this.chunks.push(members) - 1;
    this.ops[at + 3] = count;
    this.ops[at + 4] = except;
  }

  /**
   * Sends it all and starts an empty program. `unsent` is called per connection the kernel did not
   * take everything from: with the errno, or 0 and what is left (views of the chunks), in order.
   */
  run(binding: NativeBinding, unsent: (id: number, errno: number, rest: Uint8Array[]) => void): void {
    const chunks = this.chunks;
    if (this.joins !== undefined) {
      for (const [index, parts] of this.joins) chunks[index] = Buffer.concat(parts);
      this.joins = undefined;
    }
    const left = binding.sendAll(this.ops, this.length, chunks);
    this.length = 0;
    this.lastFanOut = -1;
    this.chunks = [];
    this.serial++;
    if (left === undefined) return;
    for (let i = 0; i < left.length;) {
      const id = left[i]!;
      const errno = left[i + 1]!;
      const count = left[i + 2]!;
      const rest: Uint8Array[] = [];
      for (let k = 0; k < count; k++) {
        const chunk = chunks[left[i + 3 + 2 * k]!] as Uint8Array;
        const offset = left[i + 4 + 2 * k]!;
        rest.push(offset === 0 ? chunk : chunk.subarray(offset));
      }
      i += 3 + 2 * count;
      unsent(id, errno, rest);
    }
  }

  private reserve(words: number): number {
    const at = this.length;
    if (at + words > this.ops.length) {
      const grown = new Uint32Array(this.ops.length * 2);
      grown.set(this.ops);
      this.ops = grown;
    }
    this.length += words;
    return at;
  }
}
