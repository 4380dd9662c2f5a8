import { describe, expect, it } from 'vitest';
import { reportOf } from './report-model.js';
import { barChartSvg } from './report-svg.js';
import { formatNumber, formatSummary, markdownTable } from './report-table.js';
import type { RunMetrics, ScenarioRuns } from './run-scenario.js';
import { allScenarios, type MetricKey } from './scenarios.js';
import { summarize } from './stats.js';

const echo = allScenarios().find((s) => s.name === 'tcp-echo-64B-c100-p1')!;

function run(rate: number, p99: number): RunMetrics {
  const values = Object.fromEntries(echo.metrics.map((m) => [m, Number.NaN])) as Record<MetricKey, number>;
  return { values: { ...values, rate, p99 }, workerElu: [0.5] };
}

const runs: ScenarioRuns = {
  scenario: echo,
  runs: {
    'raw-net-echo': [run(100_000, 2), run(110_000, 2.2), run(90_000, 1.8)],
    switchboard: [run(101_000, 2.4), run(99_000, 2.1), run(103_000, 2.3)],
  },
};

describe('formatting', () => {
  it('groups thousands and keeps three significant digits below', () => {
    expect(formatNumber(1_234_567.8)).toBe('1,234,568');
    expect(formatNumber(123.4)).toBe('123');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(1.234)).toBe('1.23');
    expect(formatNumber(0.01234)).toBe('0.012');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatSummary(summarize([1, 2, 3]))).toBe('2.00 (1.00–3.00)');
  });
});

describe('reportOf and markdownTable', () => {
  const report = reportOf(runs);

  it('computes the ratio of medians and checks targets in the right direction', () => {
    const rate = report.rows.find((r) => r.metric === 'rate')!;
    expect(rate.ratio).toBeCloseTo(101_000 / 100_000);
    expect(rate.target).toEqual({ ratio: 1, better: 'higher', met: true });
    const p99 = report.rows.find((r) => r.metric === 'p99')!;
    expect(p99.ratio).toBeCloseTo(2.3 / 2);
    expect(p99.target).toMatchObject({ better: 'lower', met: false });
  });

  it('prints a row per metric with median (min–max), ratio and target', () => {
    const table = markdownTable([report]);
    expect(table).toContain(
      '| tcp-echo-64B-c100-p1 | ops/s | raw-net-echo | 100,000 (90,000–110,000) | 101,000 (99,000–103,000) | 1.01× | ≥ 1 ✔ |',
    );
    expect(table).toContain('| p99 (ms) |');
    expect(table).toContain('≤ 1.1 ✘');
  });

  it('marks a throughput whose load generator was at 90 % of its core or more as load-capped', () => {
    const busy = (rate: number, loadCpu: number): RunMetrics => ({
      ...run(rate, 1),
      values: { ...run(rate, 1).values, loadCpu },
    });
    const capped = reportOf({
      ...runs,
      runs: {
        'raw-net-echo': [busy(100_000, 96), busy(100_000, 92)],
        switchboard: [busy(90_000, 60), busy(90_000, 95)],
      },
    });
    expect(capped.rows.find((r) => r.metric === 'rate')!.capped).toEqual({ baseline: true, candidate: false });
    expect(markdownTable([capped])).toContain('| 100,000 (100,000–100,000) ⚠ load-capped | 90,000 (90,000–90,000) |');
    expect(report.rows.find((r) => r.metric === 'rate')!.capped).toBeUndefined();
  });

  it("adds each peer's rows (ratio against the peer, no target) and names a peer left out", () => {
    const peer = { label: 'peer', script: 'peer.js', args: [] };
    const absent = { label: 'absent', script: 'absent.php', args: [], unavailable: () => 'php is not installed' };
    const withPeers = reportOf({
      ...runs,
      scenario: { ...echo, peers: [peer, absent] },
      runs: { ...runs.runs, peer: [run(50_000, 4), run(50_000, 4), run(50_000, 4)] },
    });
    const rate = withPeers.rows.find((r) => r.metric === 'rate' && r.reference === 'peer')!;
    expect(rate.ratio).toBeCloseTo(101_000 / 50_000);
    expect(rate.target).toBeUndefined();
    const table = markdownTable([withPeers]);
    expect(table).toContain(
      '| tcp-echo-64B-c100-p1 | ops/s | peer | 50,000 (50,000–50,000) | 101,000 (99,000–103,000) | 2.02× |  |',
    );
    expect(table).toContain('| tcp-echo-64B-c100-p1 | peer left out | absent: php is not installed |');
  });

  it('marks skipped scenarios', () => {
    const skipped = reportOf({ scenario: echo, skipped: 'not built', runs: {} });
    expect(markdownTable([skipped])).toContain('| tcp-echo-64B-c100-p1 | skipped | raw-net-echo | not built |');
  });
});

describe('barChartSvg', () => {
  it('draws a bar, a ratio label and a target tick per metric with a target, and escapes text', () => {
    const svg = barChartSvg([reportOf(runs)], 'run <1> & "two"');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('1.01×');
    expect(svg).toContain('1.15×');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg).toContain('run &#60;1&#62; &#38; &#34;two&#34;');
    expect(svg).not.toMatch(/NaN/);
  });
});
