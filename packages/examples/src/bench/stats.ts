/** Pure statistics for the benchmark: medians over rounds, and a latency histogram that workers can merge. */

/** Median of a list (the mean of the middle two for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of one metric over the rounds of one server. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function summarize(samples: readonly number[]): Summary {
  const finite = samples.filter((v) => Number.isFinite(v));
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    samples: [...samples],
  };
}

/** Bucket width: each bucket is 2 % wider than the one before, so any percentile is within 2 %. */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Enough buckets for 1 µs … ~10 minutes. */
const BUCKETS = 1400;

/**
 * Log-linear latency histogram in microseconds. Recording is one Math.log and an increment, no
 * allocation, so workers can record every round trip; `counts` travel between threads as a plain array.
 */
export class LatencyHistogram {
  readonly counts: Float64Array;
  total = 0;

  constructor(counts?: ArrayLike<number>) {
    this.counts = new Float64Array(BUCKETS);
    if (counts) this.merge(counts);
  }

  record(micros: number): void {
    const index = micros < 1 ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(micros) / LOG_GROWTH));
    this.counts[index]!++;
    this.total++;
  }

  merge(counts: ArrayLike<number>): void {
    for (let i = 0; i < counts.length && i < BUCKETS; i++) {
      this.counts[i]! += counts[i]!;
      this.total += counts[i]!;
    }
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  /** The value (µs, the bucket's upper edge) below which `p` percent of the samples fall; NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i === 0 ? 1 : GROWTH ** i;
    }
    return GROWTH ** (BUCKETS - 1);
  }

  toArray(): number[] {
    return Array.from(this.counts);
  }
}
