import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { LatencyHistogram } from '../stats.js';
import type { WorkerResult } from './worker-kit.js';

/** What the orchestrator passes as argv[2] (JSON). */
export interface LoadConfig {
  readonly kind: string;
  readonly workers: number;
  readonly host: string;
  readonly port: number;
  /** Every port of a server made of several processes (the first is `port`); absent for one process. */
  readonly ports?: readonly number[];
  readonly warmup: number;
  readonly duration: number;
  readonly load: Record<string, number | string>;
}

/** What the load process prints last, as `result {json}`. */
export interface LoadResult {
  readonly rate: number;
  readonly mbps: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly established: number;
  /** CPU of the whole load process over the measured window, % of one core. */
  readonly loadCpu: number;
  /** Event-loop utilisation per worker thread (0..1); none for the C generator. */
  readonly workerElu: number[];
  /** Which generator measured: this one (js) or loadgen/loadgen.c (c). */
  readonly loadgen?: 'js' | 'c';
}

/**
 * The load generator process: starts `workers` worker threads of one kind, waits until they are
 * connected, warms up, measures, and prints progress lines (`ready`, `measure-start`,
 * `measure-end`) and finally `result {json}` on stdout. Every wait is bounded.
 */
const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const CONNECT_TIMEOUT_MS = 60_000;
const shared = new SharedArrayBuffer(4 * (config.workers + 1));
const workers = Array.from(
  { length: config.workers },
  (_, index) =>
    new Worker(new URL(`./${config.kind}-worker.js`, import.meta.url), {
      workerData: { index, workers: config.workers, host: config.host, port: config.port, load: config.load, shared },
    }),
);

function each<T>(type: string, timeoutMs: number): Promise<T[]> {
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise<T>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`load worker: no ${type} in ${timeoutMs} ms`)), timeoutMs);
          const onMessage = (msg: { type: string; message?: string; result?: T }) => {
            if (msg.type === 'error') reject(new Error(`load worker: ${msg.message}`));
            if (msg.type !== type && msg.type !== 'error') return;
            clearTimeout(timer);
            worker.off('message', onMessage);
            resolve(msg.result as T);
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
        }),
    ),
  );
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const post = (type: string) => workers.forEach((worker) => worker.postMessage({ type }));

async function main(): Promise<void> {
  await each('ready', CONNECT_TIMEOUT_MS);
  process.stdout.write('ready\n');
  post('start');
  await sleep(config.warmup);
  const cpu = process.cpuUsage();
  const since = performance.now();
  post('measure');
  process.stdout.write('measure-start\n');
  await sleep(config.duration);
  // Announced before the workers close anything, so the server is still loaded when sampled.
  process.stdout.write('measure-end\n');
  const results = each<WorkerResult>('result', 10_000);
  post('stop');
  const done = await results;
  const used = process.cpuUsage(cpu);
  const wallMicros = (performance.now() - since) * 1000;
  const histogram = new LatencyHistogram();
  for (const r of done) histogram.merge(r.histogram);
  const ms = (p: number) => histogram.percentile(p) / 1000;
  const result: LoadResult = {
    rate: done.reduce((sum, r) => sum + r.count / r.seconds, 0),
    mbps: done.reduce((sum, r) => sum + r.bytes / r.seconds, 0) / 1e6,
    p50: ms(50),
    p99: ms(99),
    p999: ms(99.9),
    established: done.reduce((sum, r) => sum + r.established, 0),
    loadCpu: ((used.user + used.system) / wallMicros) * 100,
    workerElu: done.map((r) => Math.round(r.elu * 100) / 100),
    loadgen: 'js',
  };
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
}

// The orchestrator holds our stdin: when it goes away, so do we.
process.stdin.on('close', () => process.exit(1));
process.stdin.resume();

main()
  .catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const worker of workers) void worker.terminate();
    setTimeout(() => process.exit(), 500).unref();
  });
