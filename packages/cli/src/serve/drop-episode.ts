import type { Logger } from '@switchboard/core';

/**
 * Logs dropped broadcasts once per episode, never per message: a warning at the first drop, one
 * line with the count once `quietMs` pass without another. A stalled peer cannot flood the log.
 */
export class DropEpisode {
  private dropped = 0;
  private droppedAtLastCheck = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    /** Names the channel, e.g. `relay to worker 2`. */
    private readonly what: string,
    private readonly quietMs: number,
  ) {}

  /** Counts `count` dropped broadcasts; starts an episode if none is running. */
  record(count: number, why: string): void {
    this.dropped += count;
    if (this.timer !== undefined) return;
    this.logger.warn(`${this.what} is behind (${why}): dropping broadcasts until it catches up`);
    this.droppedAtLastCheck = this.dropped;
    this.timer = setInterval(() => this.check(), this.quietMs).unref();
  }

  /** Ends the episode without a summary (the channel is gone). */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (this.dropped !== this.droppedAtLastCheck) {
      this.droppedAtLastCheck = this.dropped;
      return;
    }
    this.close();
    this.logger.warn(`${this.what} caught up; ${this.dropped} broadcasts dropped`);
    this.dropped = 0;
  }
}
