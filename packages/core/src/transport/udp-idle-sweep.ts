import type { UdpLink } from './udp-link.js';

/** The sweep never runs more often than this, nor less often than once a second. */
const MIN_TICK_MS = 10;
const MAX_TICK_MS = 1000;

/**
 * One timer for all the peers of a UDP socket instead of one per peer: every tick it asks each
 * link whether it is idle. A tick is a quarter of the shortest timeout in use, so a peer goes at
 * most 25% (and at most a second) after its timeout; a peer costs a timestamp, not a Timeout object.
 */
export class UdpIdleSweep {
  private tickMs = MAX_TICK_MS;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly links: () => Iterable<UdpLink>,
    /** Quiet peers without a channel idle timeout are expired after this long (0: never). */
    private readonly expiryMs: number,
    private readonly expire: (link: UdpLink) => void,
  ) {
    this.use(expiryMs);
  }

  /** A timeout in use (the expiry, or a channel's idle timeout): the tick follows the shortest. */
  use(ms: number): void {
    if (ms <= 0) return;
    const tick = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(ms / 4)));
    if (this.timer !== undefined && tick >= this.tickMs) return;
    this.tickMs = tick;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.sweep(), tick);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    const now = Date.now();
    const expired: UdpLink[] = [];
    for (const link of this.links()) if (link.checkIdle(now, this.expiryMs)) expired.push(link);
    // Expired after the loop: closing a link removes it from the collection being walked.
    for (const link of expired) this.expire(link);
  }
}
