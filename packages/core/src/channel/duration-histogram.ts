/**
 * Upper bounds, in seconds, of the handler-time buckets: 10 µs to 1 s. A synchronous handler
 * usually takes microseconds; the top buckets catch handlers that block the event loop or await I/O.
 */
export const HANDLER_SECONDS_BOUNDS: readonly number[] = [
  0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1,
];

/** A histogram's counts as `reactor.stats()` reports them (Prometheus's shape: cumulative buckets). */
export interface HistogramSnapshot {
  /** Upper bounds in seconds, ascending; `+Inf` is implied (its count is `count`). */
  readonly bounds: readonly number[];
  /** Per bound: how many observations were at most that many seconds. */
  readonly cumulative: readonly number[];
  /** Sum of all observations, in seconds. */
  readonly sum: number;
  readonly count: number;
}

/**
 * Durations in fixed buckets, one per listener (shared by its channels): an observation is a scan
 * of a dozen numbers and two additions, no allocation, so that timing every message stays cheap.
 */
export class DurationHistogram {
  /** Per bucket (not cumulative); the last one is past every bound. */
  private readonly counts: number[];
  private sum = 0;

  constructor(readonly bounds: readonly number[] = HANDLER_SECONDS_BOUNDS) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Records one duration given in milliseconds (what `performance.now()` differences are). */
  observeMs(ms: number): void {
    const seconds = ms / 1000;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
  }

  /** The counts so far, cumulative as Prometheus reports buckets. */
  snapshot(): HistogramSnapshot {
    const cumulative: number[] = [];
    let running = 0;
    for (let i = 0; i < this.bounds.length; i++) cumulative.push((running += this.counts[i]!));
    return { bounds: this.bounds, cumulative, sum: this.sum, count: running + this.counts[this.bounds.length]! };
  }
}
