/**
 * New connections per address per second, with a burst: a token bucket kept as one number per
 * address (when its bucket is full again, the generic cell rate algorithm), so an address costs a
 * Map entry only while its bucket is not full; full ones are swept about once a second.
 */
export class AcceptRate {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly fullAt = new Map<string, number>();
  private nextSweep = 0;

  constructor(perSecond: number, burst: number) {
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = this.intervalMs * Math.max(1, burst);
  }

  /** Takes a token for `address`; false when its bucket is empty. */
  take(address: string, now = performance.now()): boolean {
    if (now >= this.nextSweep) this.sweep(now);
    const after = Math.max(this.fullAt.get(address) ?? now, now) + this.intervalMs;
    if (after - now > this.toleranceMs) return false;
    this.fullAt.set(address, after);
    return true;
  }

  /** Addresses tracked now (tests check that the bookkeeping stays bounded). */
  get size(): number {
    return this.fullAt.size;
  }

  private sweep(now: number): void {
    this.nextSweep = now + 1000;
    for (const [address, fullAt] of this.fullAt) if (fullAt <= now) this.fullAt.delete(address);
  }
}
