import type { MetricRow, ScenarioReport } from './report-model.js';
import { METRICS } from './scenarios.js';
import type { Summary } from './stats.js';

/** A number for a table: thousands grouped above 1000, 3 significant digits below. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** `median (min–max)`. */
export function formatSummary(summary: Summary): string {
  if (!Number.isFinite(summary.median)) return '–';
  if (summary.samples.length < 2) return formatNumber(summary.median);
  return `${formatNumber(summary.median)} (${formatNumber(summary.min)}–${formatNumber(summary.max)})`;
}

function formatTarget(row: MetricRow): string {
  if (!row.target) return '';
  const sign = row.target.better === 'higher' ? '≥' : '≤';
  return `${sign} ${row.target.ratio} ${row.target.met ? '✔' : '✘'}`;
}

function metricLabel(row: MetricRow): string {
  const def = METRICS[row.metric];
  return def.unit && def.unit !== '/s' && def.unit !== def.label ? `${def.label} (${def.unit})` : def.label;
}

/** After a throughput whose load generator was the bottleneck (see LOAD_CAPPED_PERCENT). */
export const CAPPED = ' ⚠ load-capped';

/** The results as one markdown table: a row per scenario and metric, medians with min–max. */
export function markdownTable(reports: readonly ScenarioReport[]): string {
  const lines = [
    '| scenario | metric | baseline | baseline median (min–max) | switchboard median (min–max) | ratio | target |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const report of reports) {
    if (report.skipped) {
      lines.push(`| ${report.name} | skipped | ${report.baseline} | ${report.skipped} | | | |`);
      continue;
    }
    for (const row of report.rows) {
      const ratio = Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : '–';
      const baseline = formatSummary(row.baseline) + (row.capped?.baseline ? CAPPED : '');
      const candidate = formatSummary(row.candidate) + (row.capped?.candidate ? CAPPED : '');
      lines.push(
        `| ${report.name} | ${metricLabel(row)} | ${row.reference ?? report.baseline} | ${baseline} | ${candidate} | ${ratio} | ${formatTarget(row)} |`,
      );
    }
    for (const missing of report.missingPeers ?? [])
      lines.push(`| ${report.name} | peer left out | ${missing} | | | | |`);
  }
  return `${lines.join('\n')}\n`;
}
