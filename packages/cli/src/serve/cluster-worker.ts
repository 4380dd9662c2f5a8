import cluster from 'node:cluster';
import type { Reactor } from '@switchboard/core';
import { createLogger } from '../logging/create-logger.js';
import { answerPrimaryScrapes } from '../metrics/cluster-metrics.js';
import { processRegistry } from '../metrics/process-registry.js';
import { registerReactorMetrics } from '../metrics/reactor-metrics.js';
import { workerLogger } from '../logging/worker-logger.js';
import { reportFailure } from '../report-failure.js';
import { isMessage, type PrimaryMessage, type WorkerMessage } from './cluster-messages.js';
import { PINNED_PORTS_ENV, withPinnedPorts } from './pinned-ports.js';
import { runServe } from './run-serve.js';
import type { ServeOptions } from './serve-options.js';
import { shutdownOnSignal } from './shutdown-on-signal.js';

/**
 * A cluster worker: serves like a single process, but reports to the primary instead of
 * printing startup results, and shuts down when the primary asks or goes away.
 */
export async function runWorker(options: ServeOptions): Promise<void> {
  const logger = workerLogger(createLogger(options.logFormat, options.logLevel), cluster.worker!.id);
  const send = (message: WorkerMessage, then: () => void = () => {}) => process.send!(message, then);
  // With --metrics the primary serves the scrape and asks each worker for its share.
  const registry = options.metrics === undefined ? undefined : processRegistry();
  if (registry) answerPrimaryScrapes(registry);
  const observe = registry && ((reactor: Reactor) => registerReactorMetrics(reactor, registry));
  let server;
  try {
    server = await runServe(withPinnedPorts(options, process.env[PINNED_PORTS_ENV]), {
      logger,
      observe,
      reportFallback: false, // the primary said it once
    });
  } catch (err) {
    const report = reportFailure(err);
    send({ type: 'failed', ...report }, () => process.exit(report.exitCode));
    return;
  }
  send({ type: 'listening', urls: server.urls });
  const shutdown = shutdownOnSignal(() => server.close(), logger);
  process.on('message', (message: unknown) => {
    if (isMessage<Extract<PrimaryMessage, { type: 'shutdown' }>>(message, 'shutdown'))
      shutdown.begin('asked by the primary');
  });
  process.on('disconnect', () => shutdown.begin('the primary is gone'));
}
