import type { RunMetrics, ScenarioRuns } from './run-scenario.js';
import { METRICS, type MetricKey } from './scenarios.js';
import { summarize, type Summary } from './stats.js';

/** One metric of one scenario: both servers' summaries and candidate / baseline. */
export interface MetricRow {
  readonly scenario: string;
  readonly metric: MetricKey;
  readonly baseline: Summary;
  readonly candidate: Summary;
  readonly ratio: number;
  /** Set on a peer's row: the peer the candidate is compared with instead of the baseline. */
  readonly reference?: string;
  /** The target ratio and whether it was met, when the scenario has one for this metric. */
  readonly target?: { readonly ratio: number; readonly better: 'higher' | 'lower'; readonly met: boolean };
  /**
   * On throughput rows: which side's load generator was at least LOAD_CAPPED_PERCENT busy (median),
   * so that its number is the instrument's ceiling rather than the server's.
   */
  readonly capped?: { readonly baseline: boolean; readonly candidate: boolean };
}

/** A load generator this busy (% of its core, median over the rounds) caps the throughput it measures. */
export const LOAD_CAPPED_PERCENT = 90;

export interface ScenarioReport {
  readonly name: string;
  readonly title: string;
  readonly baseline: string;
  readonly candidate: string;
  readonly skipped?: string;
  /** Peers left out on this machine, with why (`php-select-relay: php is not installed`). */
  readonly missingPeers?: readonly string[];
  /** The load generator that drove it: the C one (loadgen/loadgen.c) or the JS one. */
  readonly loadgen?: 'js' | 'c';
  readonly rows: readonly MetricRow[];
}

/** Summaries, ratios and target checks for one scenario's runs. */
export function reportOf(runs: ScenarioRuns): ScenarioReport {
  const { scenario } = runs;
  const base = runs.runs[scenario.baseline.label] ?? [];
  const cand = runs.runs[scenario.candidate.label] ?? [];
  const rows = runs.skipped
    ? []
    : scenario.metrics.map((metric): MetricRow => {
        const baseline = summarize(base.map((r) => r.values[metric]));
        const candidate = summarize(cand.map((r) => r.values[metric]));
        const capped = cappedOf(metric, base, cand);
        const ratio = candidate.median / baseline.median;
        const goal = scenario.targets.find((t) => t.metric === metric);
        const better = METRICS[metric].better;
        const target = goal && {
          ratio: goal.ratio,
          better,
          met: better === 'higher' ? ratio >= goal.ratio : ratio <= goal.ratio,
        };
        return { scenario: scenario.name, metric, baseline, candidate, ratio, target, capped };
      });
  const peers = runs.skipped ? [] : (scenario.peers ?? []);
  const measured = peers.filter((peer) => (runs.runs[peer.label] ?? []).length > 0);
  // Each peer's rows follow the baseline's: same metrics, ratio = candidate / peer, no target.
  const peerRows = measured.flatMap((peer) =>
    rows.map((row): MetricRow => {
      const peerRuns = runs.runs[peer.label]!;
      const reference = summarize(peerRuns.map((r) => r.values[row.metric]));
      const ratio = row.candidate.median / reference.median;
      const capped = cappedOf(row.metric, peerRuns, cand);
      return {
        scenario: scenario.name,
        metric: row.metric,
        baseline: reference,
        candidate: row.candidate,
        ratio,
        reference: peer.label,
        capped,
      };
    }),
  );
  const missingPeers = peers
    .filter((peer) => !measured.includes(peer))
    .map((peer) => `${peer.label}: ${peer.unavailable?.() ?? 'not measured'}`);
  return {
    name: scenario.name,
    title: scenario.title,
    baseline: scenario.baseline.label,
    candidate: scenario.candidate.label,
    skipped: runs.skipped,
    missingPeers: missingPeers.length ? missingPeers : undefined,
    loadgen: runs.loadgen,
    rows: [...rows, ...peerRows],
  };
}

/** Marks the ops/s row of each side whose load generator ran at LOAD_CAPPED_PERCENT or more. */
function cappedOf(metric: MetricKey, base: readonly RunMetrics[], cand: readonly RunMetrics[]): MetricRow['capped'] {
  if (metric !== 'rate') return undefined;
  const busy = (runs: readonly RunMetrics[]) =>
    summarize(runs.map((r) => r.values.loadCpu)).median >= LOAD_CAPPED_PERCENT;
  const capped = { baseline: busy(base), candidate: busy(cand) };
  return capped.baseline || capped.candidate ? capped : undefined;
}
