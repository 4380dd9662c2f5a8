import type { ScenarioRuns } from './run-scenario.js';
import { METRICS, type MetricKey } from './scenarios.js';
import { summarize, type Summary } from './stats.js';

/** One metric of one scenario: both servers' summaries and candidate / baseline. */
export interface MetricRow {
  readonly scenario: string;
  readonly metric: MetricKey;
  readonly baseline: Summary;
  readonly candidate: Summary;
  readonly ratio: number;
  /** The target ratio and whether it was met, when the scenario has one for this metric. */
  readonly target?: { readonly ratio: number; readonly better: 'higher' | 'lower'; readonly met: boolean };
}

export interface ScenarioReport {
  readonly name: string;
  readonly title: string;
  readonly baseline: string;
  readonly candidate: string;
  readonly skipped?: string;
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
        const ratio = candidate.median / baseline.median;
        const goal = scenario.targets.find((t) => t.metric === metric);
        const better = METRICS[metric].better;
        const target = goal && {
          ratio: goal.ratio,
          better,
          met: better === 'higher' ? ratio >= goal.ratio : ratio <= goal.ratio,
        };
        return { scenario: scenario.name, metric, baseline, candidate, ratio, target };
      });
  return {
    name: scenario.name,
    title: scenario.title,
    baseline: scenario.baseline.label,
    candidate: scenario.candidate.label,
    skipped: runs.skipped,
    loadgen: runs.loadgen,
    rows,
  };
}
