import type { NativeBinding } from './native-binding.js';

/** Most chunks one sendmsg takes (IOV_MAX on Linux). */
const MAX_CHUNKS = 1024;

/**
 * A connection's bytes not yet taken by the kernel, in order. Sent as one sendmsg per turn; a
 * partial send leaves the rest (the first chunk cut where the kernel stopped) for EPOLLOUT.
 */
export class WriteQueue {
  bytes = 0;
  private chunks: Uint8Array[] = [];

  get empty(): boolean {
    return this.bytes === 0;
  }

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  /** Replaces the last `count` chunks by what `join` makes of them (one buffer for many small writes). */
  joinLast(count: number, join: (parts: readonly Uint8Array[]) => Uint8Array): void {
    if (count < 2 || count > this.chunks.length) return;
    const parts = this.chunks.splice(this.chunks.length - count, count);
    this.chunks.push(join(parts));
  }

  /** Puts `chunks` before everything queued (what the kernel did not take of an earlier send). */
  prepend(chunks: readonly Uint8Array[]): void {
    this.chunks = this.chunks.length === 0 ? [...chunks] : [...chunks, ...this.chunks];
    for (const chunk of chunks) this.bytes += chunk.length;
  }

  /**
   * Offers everything to connection `id` (one sendmsg per 1024 chunks) until it is all gone or the
   * kernel takes less than offered. Returns the bytes sent, or the negative errno `send` reported.
   */
  drainInto(binding: Pick<NativeBinding, 'send'>, id: number): number {
    let total = 0;
    while (this.bytes > 0) {
      const batch = this.chunks.length > MAX_CHUNKS ? this.chunks.slice(0, MAX_CHUNKS) : this.chunks;
      let offered = 0;
      for (const chunk of batch) offered += chunk.length;
      const sent = binding.send(id, batch);
      if (sent < 0) return sent;
      this.consume(sent);
      total += sent;
      if (sent < offered) break;
    }
    return total;
  }

  /** Forgets what is queued (the connection is gone). */
  clear(): void {
    this.chunks = [];
    this.bytes = 0;
  }

  private consume(sent: number): void {
    this.bytes -= sent;
    if (this.bytes === 0) {
      this.chunks = [];
      return;
    }
    let whole = 0;
    while (sent > 0 && sent >= this.chunks[whole]!.length) sent -= this.chunks[whole++]!.length;
    if (whole > 0) this.chunks.splice(0, whole);
    if (sent > 0) this.chunks[0] = this.chunks[0]!.subarray(sent);
  }
}
