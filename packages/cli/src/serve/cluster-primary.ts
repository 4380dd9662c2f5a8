import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { MAX_TIMER_MS, type Logger } from '@switchboard/core';
import { createLogger } from '../logging/create-logger.js';
import { ReportedFailure } from '../report-failure.js';
import { isMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';
import type { ServeOptions } from './serve-options.js';
import { shutdownOnSignal } from './shutdown-on-signal.js';

/** How long past the grace period the primary waits for workers before killing them. */
const EXIT_MARGIN_MS = 5000;

/**
 * The cluster primary: forks the workers (which bind the listeners through it, so they share
 * them), prints `listening URL` once all are serving, and on SIGINT/SIGTERM asks each worker to
 * shut down gracefully and exits 0 once all have.
 */
export async function runPrimary(options: ServeOptions): Promise<void> {
  const logger = createLogger(options.logFormat);
  warnIfOversubscribed(options.workers, logger);
  const workers = Array.from({ length: options.workers }, () => cluster.fork());
  let urls: readonly string[];
  try {
    urls = await allListening(workers);
  } catch (err) {
    killAll(workers);
    throw err;
  }
  for (const url of urls) logger.info(`listening ${url}`);
  logger.info(`${workers.length} workers serving`, { pids: workers.map((worker) => worker.process.pid) });
  let stopping = false;
  watchExits(workers, logger, () => stopping);
  shutdownOnSignal(
    () => {
      stopping = true;
      // A delay past MAX_TIMER_MS would fire at once and kill the workers mid-grace.
      return stopAll(workers, Math.min(options.graceMs + EXIT_MARGIN_MS, MAX_TIMER_MS));
    },
    logger,
    () => killAll(workers),
  );
}

/** More workers than cores is allowed (they may wait on I/O) but rarely meant: say so once. */
function warnIfOversubscribed(workers: number, logger: Logger): void {
  const cores = availableParallelism();
  if (workers > cores)
    logger.warn(`--workers ${workers} is more than the ${cores} cores here; the workers will compete for CPU`);
}

/** Resolves with the listening URLs once every worker is serving; rejects with the first failure. */
function allListening(workers: readonly Worker[]): Promise<readonly string[]> {
  return new Promise((resolve, reject) => {
    let ready = 0;
    for (const worker of workers) {
      worker.on('message', (message: unknown) => {
        if (isMessage<Extract<WorkerMessage, { type: 'failed' }>>(message, 'failed')) {
          reject(new ReportedFailure(message));
        } else if (isMessage<Extract<WorkerMessage, { type: 'listening' }>>(message, 'listening')) {
          if (++ready === workers.length) resolve(message.urls);
        }
      });
      worker.once('exit', (code) => reject(new Error(`Worker ${worker.id} exited with code ${code} while starting`)));
    }
  });
}

function watchExits(workers: readonly Worker[], logger: Logger, stopping: () => boolean): void {
  let alive = workers.length;
  for (const worker of workers) {
    worker.once('exit', (code, signal) => {
      alive--;
      if (stopping()) return;
      logger.warn(`worker ${worker.id} exited (${signal ?? `code ${code}`}); ${alive} left`);
      if (alive === 0) process.exit(1);
    });
  }
}

function stopAll(workers: readonly Worker[], timeoutMs: number): Promise<void> {
  const running = workers.filter((worker) => !worker.isDead());
  const exits = running.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
  const shutdown: PrimaryMessage = { type: 'shutdown' };
  for (const worker of running) if (worker.isConnected()) worker.send(shutdown);
  const timer = setTimeout(() => killAll(workers), timeoutMs);
  return Promise.all(exits).then(() => clearTimeout(timer));
}

function killAll(workers: readonly Worker[]): void {
  for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
}
