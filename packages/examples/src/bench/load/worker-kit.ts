import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { LatencyHistogram } from '../stats.js';

/** What the load process tells every worker; `load` holds the scenario's own parameters. */
export interface WorkerConfig {
  readonly index: number;
  readonly workers: number;
  readonly host: string;
  readonly port: number;
  readonly load: Record<string, number | string>;
  /** Shared counters, for kinds whose workers must coordinate (broadcast). */
  readonly shared?: SharedArrayBuffer;
}

/** A worker's numbers for the measured window. */
export interface WorkerResult {
  readonly count: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly histogram: number[];
  readonly established: number;
  /** Event-loop utilisation of this worker thread (0..1): near 1 means the worker is saturated. */
  readonly elu: number;
}

/** One kind of load: connects, drives traffic, counts. Counting is reset when measuring starts. */
export interface LoadDriver {
  /** Opens the connections; resolves once they are up. */
  connect(): Promise<void>;
  /** Starts the traffic (after every worker is connected). */
  begin(): void;
  /** Connections open right now. */
  established(): number;
  /** Closes everything; no more traffic. */
  stop(): void;
}

/** The counters a driver bumps; the kit resets and reports them. */
export class Counters {
  count = 0;
  bytes = 0;
  readonly histogram = new LatencyHistogram();
  reset(): void {
    this.count = 0;
    this.bytes = 0;
    this.histogram.reset();
  }
}

export const config = workerData as WorkerConfig;

/** Runs a driver under the load process's protocol: ready → start → measure → stop → result. */
export function serve(driver: LoadDriver, counters: Counters): void {
  const port = parentPort!;
  let since = 0;
  let elu = performance.eventLoopUtilization();
  port.on('message', (msg: { type: string }) => {
    if (msg.type === 'start') driver.begin();
    else if (msg.type === 'measure') {
      counters.reset();
      since = performance.now();
      elu = performance.eventLoopUtilization();
    } else if (msg.type === 'stop') {
      const result: WorkerResult = {
        count: counters.count,
        bytes: counters.bytes,
        seconds: (performance.now() - since) / 1000,
        histogram: counters.histogram.toArray(),
        established: driver.established(),
        elu: performance.eventLoopUtilization(elu).utilization,
      };
      driver.stop();
      port.postMessage({ type: 'result', result });
      port.close();
    }
  });
  driver.connect().then(
    () => port.postMessage({ type: 'ready' }),
    (err: Error) => port.postMessage({ type: 'error', message: err.message }),
  );
}

/** This worker's share of `total` connections. */
export function shareOf(total: number): number {
  return Math.floor(total / config.workers) + (config.index < total % config.workers ? 1 : 0);
}
