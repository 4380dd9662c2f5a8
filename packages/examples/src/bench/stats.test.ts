import { describe, expect, it } from 'vitest';
import { LatencyHistogram, median, summarize } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('gives median, min and max, ignoring runs that produced no number', () => {
    expect(summarize([5, Number.NaN, 1, 3])).toMatchObject({ median: 3, min: 1, max: 5 });
    expect(summarize([]).median).toBeNaN();
  });
});

describe('LatencyHistogram', () => {
  it('reports percentiles within 2 % of the exact value', () => {
    const histogram = new LatencyHistogram();
    for (let us = 1; us <= 10_000; us++) histogram.record(us);
    expect(histogram.total).toBe(10_000);
    for (const [p, exact] of [
      [50, 5000],
      [99, 9900],
      [99.9, 9990],
    ] as const) {
      const value = histogram.percentile(p);
      expect(value).toBeGreaterThanOrEqual(exact * 0.98);
      expect(value).toBeLessThanOrEqual(exact * 1.02);
    }
  });

  it('merges counts from other histograms (as workers send them)', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 100; i++) a.record(100);
    for (let i = 0; i < 100; i++) b.record(10_000);
    const merged = new LatencyHistogram(a.toArray());
    merged.merge(b.toArray());
    expect(merged.total).toBe(200);
    expect(merged.percentile(25)).toBeLessThan(110);
    expect(merged.percentile(75)).toBeGreaterThan(9_000);
  });

  it('is NaN when empty and clamps values out of range', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(50)).toBeNaN();
    histogram.record(0);
    histogram.record(1e12);
    expect(histogram.percentile(1)).toBe(1);
    expect(histogram.percentile(100)).toBeGreaterThan(1e8);
  });
});
