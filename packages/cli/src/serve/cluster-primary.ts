import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { MAX_TIMER_MS, type Logger } from '@switchboard/core';
import { ExitCode } from '../exit-codes.js';
import { createLogger } from '../logging/create-logger.js';
import { workersMetricsSource } from '../metrics/cluster-metrics.js';
import { startMetricsServer } from '../metrics/start-metrics-server.js';
import { WorkerPool } from './cluster-pool.js';
import { pinnedPortsEnv, portZeroNative } from './pinned-ports.js';
import { fallbackNotice, planTransports } from './plan-transports.js';
import { refuseTakenPorts } from './refuse-taken-ports.js';
import { PrimaryRelay } from './primary-relay.js';
import { logResolved } from './log-resolved.js';
import type { ServeOptions } from './serve-options.js';
import { shutdownOnSignal } from './shutdown-on-signal.js';

/** How long past the grace period the primary waits for workers before killing them. */
const EXIT_MARGIN_MS = 5000;

/**
 * The cluster primary: forks the workers (which bind the listeners through it, so they share
 * them), relays broadcasts between them unless `--redis` does, prints `listening URL` once all are
 * serving, replaces a worker that dies, and on SIGINT/SIGTERM asks each worker to shut down
 * gracefully and exits 0 once all have.
 */
export async function runPrimary(options: ServeOptions): Promise<void> {
  const logger = createLogger(options.logFormat, options.logLevel);
  logResolved(options, logger);
  warnIfOversubscribed(options.workers, logger);
  // Checked here too, so that `--transport native` without the addon fails once, before any fork,
  // and the fallback of `auto` is said once, not by every worker.
  const { names, fallback } = await planTransports(options.listeners);
  if (fallback !== undefined) logger.info(fallbackNotice(fallback));
  await refuseTakenPorts(options, names);
  const pinned = portZeroNative(options, names);
  // 'advanced' carries relayed bytes as Buffers (JSON would spell each byte out).
  cluster.setupPrimary({ serialization: 'advanced' });
  const relay = options.redis === undefined ? new PrimaryRelay(logger) : undefined;
  // A delay past MAX_TIMER_MS would fire at once and kill the workers mid-grace.
  const stopTimeoutMs = Math.min(options.graceMs + EXIT_MARGIN_MS, MAX_TIMER_MS);
  const pool = new WorkerPool(logger, relay, (line) => {
    process.stderr.write(`${line}\n`);
    void pool.stop(stopTimeoutMs).then(() => process.exit(ExitCode.FAILURE));
  });
  // One scrape here covers every worker; it keeps answering through the grace period.
  const metrics =
    options.metrics === undefined
      ? undefined
      : await startMetricsServer(options.metrics, workersMetricsSource(relay), logger);
  let urls: readonly string[];
  try {
    urls = await pool.start(
      options.workers,
      pinned.length === 0 ? undefined : (first) => pinnedPortsEnv(pinned, first),
    );
  } catch (err) {
    pool.killAll();
    await metrics?.close();
    throw err;
  }
  for (const url of urls) logger.info(`listening ${url}`);
  logger.info(`${options.workers} workers serving`, { pids: pool.pids });
  metrics?.ready();
  shutdownOnSignal(
    async () => {
      metrics?.draining();
      await pool.stop(stopTimeoutMs);
      await metrics?.close();
    },
    logger,
    () => pool.killAll(),
  );
}

/** More workers than cores is allowed (they may wait on I/O) but rarely meant: say so once. */
function warnIfOversubscribed(workers: number, logger: Logger): void {
  const cores = availableParallelism();
  if (workers > cores)
    logger.warn(`--workers ${workers} is more than the ${cores} cores here; the workers will compete for CPU`);
}
