import { performance } from 'node:perf_hooks';
import type { BenchOptions } from './cli-args.js';
import type { LoadResult } from './load/load-main.js';
import { cLoadgen } from './loadgen/c-loadgen.js';
import { runCBroadcastLoad, runCLoad, runLoad, type LoadHooks } from './run-load.js';
import { runRedisBenchmark, type RedisBenchmarkResult } from './run-redis-benchmark.js';
import type { MetricKey, Scenario, ServerSpec } from './scenarios.js';
import { ServerProcess, type ServerStats } from './spawn-server.js';
import { machineBusyMicros } from './system-cpu.js';

/** One measured run of one server: every metric (NaN where it does not apply) and worker ELU. */
export interface RunMetrics {
  readonly values: Record<MetricKey, number>;
  readonly workerElu: readonly number[];
}

/** All runs of one scenario, per server label, in round order. */
export interface ScenarioRuns {
  readonly scenario: Scenario;
  readonly skipped?: string;
  readonly runs: Record<string, RunMetrics[]>;
  /** The load generator that drove it (absent for redis-benchmark). */
  readonly loadgen?: 'js' | 'c';
}

/** What the runner needs from the command line; `loadgen` absent: C where it can drive, else JS. */
export type RunOptions = Pick<BenchOptions, 'rounds' | 'duration' | 'warmup'> & { readonly loadgen?: 'js' | 'c' };

export type Progress = (server: ServerSpec, round: number) => void;

/** Runs a scenario: rounds of baseline then candidate (A B A B …), each on a fresh server process. */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions,
  progress: Progress = () => {},
): Promise<ScenarioRuns> {
  const skipped = scenario.skip?.();
  const servers = serversOf(scenario);
  const runs: Record<string, RunMetrics[]> = Object.fromEntries(servers.map((s) => [s.label, []]));
  if (skipped) return { scenario, skipped, runs };
  const binary = cBinaryFor(scenario, options.loadgen);
  for (let round = 1; round <= options.rounds; round++) {
    for (const server of servers) {
      progress(server, round);
      runs[server.label]!.push(await measure(scenario, server, { ...options, binary }));
    }
  }
  const loadgen = scenario.kind === 'redis-benchmark' ? undefined : binary ? 'c' : 'js';
  return { scenario, runs, loadgen };
}

/** Baseline, the peers that can run here, then the candidate: the order of each round. */
export function serversOf(scenario: Scenario): ServerSpec[] {
  const peers = (scenario.peers ?? []).filter((peer) => peer.unavailable?.() === undefined);
  return [scenario.baseline, ...peers, scenario.candidate];
}

let fallbackNoticed = false;

/**
 * The C generator's binary when it drives this scenario: where the scenario allows it and the
 * user did not ask for JS. Without `cc`, `--loadgen c` fails; by default JS takes over, with one notice.
 */
function cBinaryFor(scenario: Scenario, wanted: 'js' | 'c' | undefined): string | undefined {
  // Only the C generator speaks WebSocket and Socket.IO framing: --loadgen js leaves those scenarios to it.
  if (scenario.cLoad === undefined || (wanted === 'js' && scenario.kind !== 'ws-broadcast')) return undefined;
  const built = cLoadgen(scenario.cLoad === 'broadcast' ? 'broadcast-loadgen' : 'loadgen');
  if ('path' in built) return built.path;
  if (wanted === 'c') throw new Error(`--loadgen c: the C load generator cannot be built: ${built.missing}`);
  if (!fallbackNoticed)
    console.error(`bench: using the JS load generator: the C one cannot be built (${built.missing})`);
  fallbackNoticed = true;
  return undefined;
}

type MeasureOptions = Pick<BenchOptions, 'duration' | 'warmup'> & { readonly binary?: string | undefined };

async function measure(scenario: Scenario, spec: ServerSpec, options: MeasureOptions): Promise<RunMetrics> {
  const server = await ServerProcess.start(spec);
  try {
    const idle = scenario.kind === 'idle';
    const before = idle ? await server.stats(true) : undefined;
    let start: Promise<ServerStats> | undefined;
    let cpuStart: number | undefined;
    let cpuEnd: number | undefined;
    let busyStart: number | undefined;
    let busyEnd: number | undefined;
    let startedAt = 0;
    let endedAt = 0;
    const hooks: LoadHooks = {
      onMeasureStart: () => {
        startedAt = performance.now();
        cpuStart = server.cpuMicros();
        busyStart = machineBusyMicros();
        if (idle) start = server.stats(true);
      },
      onMeasureEnd: () => {
        endedAt = performance.now();
        cpuEnd = server.cpuMicros();
        busyEnd = machineBusyMicros();
      },
    };
    const load = await loadOf({ ...scenario, load: { ...scenario.load, ...spec.load } }, server.ports, options, hooks);
    const cpu = cpuStart !== undefined && cpuEnd !== undefined ? cpuEnd - cpuStart : undefined;
    const busy = busyStart !== undefined && busyEnd !== undefined ? busyEnd - busyStart : undefined;
    return metricsOf(load, { server: cpu, machine: busy }, await start, before, endedAt - startedAt);
  } finally {
    await server.stop();
  }
}

/** Drives the server with the scenario's load: the bench's own generator, or redis-benchmark. */
async function loadOf(
  scenario: Scenario,
  ports: readonly number[],
  options: MeasureOptions,
  hooks: LoadHooks,
): Promise<LoadResult & Partial<RedisBenchmarkResult>> {
  if (scenario.kind === 'redis-benchmark') {
    const rates = await runRedisBenchmark(ports[0]!, scenario.load, options, hooks);
    return {
      ...rates,
      rate: NaN,
      mbps: NaN,
      p50: NaN,
      p99: NaN,
      p999: NaN,
      established: NaN,
      loadCpu: NaN,
      workerElu: [],
    };
  }
  const { kind, workers, load } = scenario;
  const { warmup, duration, binary } = options;
  const config = { kind, workers, host: '127.0.0.1', port: ports[0]!, ports, warmup, duration, load };
  const { cLoad } = scenario;
  if (binary !== undefined && cLoad !== undefined)
    return cLoad === 'broadcast' ? runCBroadcastLoad(binary, config, hooks) : runCLoad(binary, config, cLoad, hooks);
  return runLoad(config, hooks);
}

function metricsOf(
  load: LoadResult & Partial<RedisBenchmarkResult>,
  cpuMicros: { server: number | undefined; machine: number | undefined },
  start: ServerStats | undefined,
  idleBefore: ServerStats | undefined,
  wallMs: number,
): RunMetrics {
  const percent = (micros: number | undefined) =>
    micros !== undefined && wallMs > 0 ? (micros / (wallMs * 1000)) * 100 : NaN;
  const cpu = percent(cpuMicros.server);
  // What the rest of the machine used meanwhile (other processes, kernel threads): noise to watch.
  const otherCpu = Math.max(0, percent(cpuMicros.machine) - cpu - load.loadCpu);
  const perConn = (key: 'rss' | 'heap') =>
    idleBefore && start && load.established > 0 ? (start[key] - idleBefore[key]) / load.established / 1024 : NaN;
  return {
    values: {
      rate: load.rate,
      setRate: load.setRate ?? NaN,
      getRate: load.getRate ?? NaN,
      mbps: load.mbps,
      p50: load.p50,
      p99: load.p99,
      p999: load.p999,
      rssPerConn: perConn('rss'),
      heapPerConn: perConn('heap'),
      established: load.established,
      loadCpu: load.loadCpu,
      serverCpu: cpu,
      otherCpu,
      // Throughput per second of server CPU: steadier than throughput when other processes share the cores.
      efficiency: (load.mbps > 0 ? load.mbps : load.rate) / (cpu / 100),
      // Server CPU-seconds per 100,000 operations (deliveries, for broadcast): the cost of the same work.
      cpuPer100k: (cpu / 100 / load.rate) * 100_000,
    },
    workerElu: load.workerElu,
  };
}
