import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './cli-args.js';
import { pinningAvailable } from './child-processes.js';
import { LOAD_CAPPED_PERCENT, type ScenarioReport } from './report-model.js';
import { barChartSvg } from './report-svg.js';
import { CAPPED, markdownTable } from './report-table.js';
import type { ScenarioRuns } from './run-scenario.js';

/** The machine the numbers come from. */
export function machine() {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    pinned: pinningAvailable() ? 'server on core 1, load generator on core 0 (taskset)' : 'not pinned (no taskset)',
    /** Node flags every server ran with (BENCH_SERVER_FLAGS), which change what is measured. */
    serverFlags: process.env['BENCH_SERVER_FLAGS'] ?? '',
  };
}

/** Writes bench-results/<date>.json, <date>.svg and latest.md; returns their paths. */
export async function writeResults(
  options: BenchOptions,
  runs: readonly ScenarioRuns[],
  reports: readonly ScenarioReport[],
  startedAt: Date,
): Promise<string[]> {
  const stamp = startedAt
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const info = machine();
  const mode = options.quick ? 'quick' : 'full';
  const subtitle = `${stamp} · ${mode} · ${options.rounds} rounds × ${options.duration} s · ${info.cpus} × ${info.cpuModel} · node ${info.node}`;
  await mkdir(options.outDir, { recursive: true });
  const json = join(options.outDir, `${stamp}.json`);
  const svg = join(options.outDir, `${stamp}.svg`);
  const md = join(options.outDir, 'latest.md');
  const raw = runs.map((r) => ({ scenario: r.scenario.name, skipped: r.skipped, runs: r.runs }));
  await writeFile(
    json,
    `${JSON.stringify({ date: startedAt.toISOString(), mode, options, machine: info, reports, raw }, null, 2)}\n`,
  );
  await writeFile(svg, barChartSvg(reports, subtitle));
  const heading = `# Benchmark results\n\n${subtitle}\n\nPinning: ${info.pinned}. Ratio = switchboard / baseline (medians). ${loadgenLine(reports)}${flagsLine(info.serverFlags)}\n\n`;
  await writeFile(md, heading + markdownTable(reports));
  return [json, svg, md];
}

/** Which scenarios the C load generator drove, so a reader knows what `load CPU` belongs to. */
function loadgenLine(reports: readonly ScenarioReport[]): string {
  const names = (kind: 'js' | 'c') => reports.filter((r) => r.loadgen === kind && !r.skipped).map((r) => r.name);
  const c = names('c');
  const js = names('js');
  const parts = [c.length ? `C (loadgen.c) for ${c.join(', ')}` : '', js.length ? `JS for ${js.join(', ')}` : ''];
  const capped = `\`${CAPPED.trim()}\` marks a throughput whose load generator ran at ≥ ${LOAD_CAPPED_PERCENT} % of its core: the instrument's ceiling, not the server's.`;
  return `Load generator: ${parts.filter(Boolean).join('; ') || 'none'}. ${capped}`;
}

function flagsLine(flags: string): string {
  return flags ? ` Every server ran with \`${flags}\`.` : '';
}
