import type { LogFields, Logger } from '@switchboard/core';

/**
 * Logs a recurring trouble once per episode instead of once per event: the first occurrence
 * is a warning, the rest are only counted, and the episode ends (with one line saying how many
 * there were) only after `quietMs` without a new one. A hostile or flapping Redis cannot flood
 * the log: at most two lines per `quietMs`.
 */
export class EpisodeLog {
  private count = 0;
  private ending?: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly fields: LogFields,
    private readonly quietMs = 2000,
  ) {}

  /** Counts one occurrence; warns only for the first of an episode. */
  record(what: () => string): void {
    clearTimeout(this.ending);
    this.ending = undefined;
    if (this.count++ === 0) this.logger.warn(`redis backplane: ${what()}`, this.fields);
  }

  /** The trouble looks over: end the episode if nothing new happens for `quietMs`. */
  end(summary: (count: number) => string): void {
    if (this.count === 0 || this.ending) return;
    this.ending = setTimeout(() => {
      this.ending = undefined;
      this.logger.info(`redis backplane: ${summary(this.count)}`, this.fields);
      this.count = 0;
    }, this.quietMs);
    this.ending.unref();
  }

  /** Forgets a pending end (on close). */
  dispose(): void {
    clearTimeout(this.ending);
  }
}
