/** What the sweep needs of a connection. */
export interface IdleWatched {
  readonly idleMs: number;
  /** Set by the link on every read; the sweep clears it. */
  active: boolean;
  /** Bytes sent so far (the addon counts them: fan-outs send with no JavaScript per link). */
  readonly bytesWritten: number;
  /** `bytesWritten` at the sweep that last saw the link active. */
  writtenAtSweep: number;
  /** When the sweep last saw it active. */
  quietSince: number;
  fireIdle(): void;
}

/**
 * Idle timeouts for every native connection on one timer: the hot path only sets a flag (reads)
 * or bumps the addon's byte count (sends), and a
 * tick (a quarter of the shortest timeout, 10 ms to 1 s) finds who has been quiet long enough.
 */
export class IdleSweep {
  private readonly watched = new Set<IdleWatched>();
  private timer?: NodeJS.Timeout;
  private tickMs = 1000;

  watch(link: IdleWatched): void {
    link.quietSince = Date.now();
    link.active = false;
    link.writtenAtSweep = link.bytesWritten;
    this.watched.add(link);
    const tick = Math.min(1000, Math.max(10, Math.floor(link.idleMs / 4)));
    if (this.timer !== undefined && tick >= this.tickMs) return;
    this.tickMs = tick;
    clearInterval(this.timer);
    // Unref'd: a quiet server is kept alive by its listeners, not by this timer.
    this.timer = setInterval(() => this.sweep(), tick).unref();
  }

  unwatch(link: IdleWatched): void {
    if (!this.watched.delete(link) || this.watched.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.tickMs = 1000;
  }

  private sweep(): void {
    const now = Date.now();
    for (const link of this.watched) {
      const written = link.bytesWritten;
      if (link.active || written !== link.writtenAtSweep) {
        link.active = false;
        link.writtenAtSweep = written;
        link.quietSince = now;
      } else if (now - link.quietSince >= link.idleMs) {
        // Like a socket timeout, it fires once per quiet spell of idleMs.
        link.quietSince = now;
        link.fireIdle();
      }
    }
  }
}
