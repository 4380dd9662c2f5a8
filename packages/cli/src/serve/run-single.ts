import type { Logger } from '@switchboard/core';
import { processRegistry } from '../metrics/process-registry.js';
import { registerReactorMetrics } from '../metrics/reactor-metrics.js';
import { startMetricsServer } from '../metrics/start-metrics-server.js';
import { runServe, type RunningServer } from './run-serve.js';
import type { ServeOptions } from './serve-options.js';
import { shutdownOnSignal } from './shutdown-on-signal.js';

/**
 * `serve` in this process until a signal. With `--metrics`, the metrics server starts first (so
 * `/healthz` answers while the listeners bind), turns ready once they are bound, and closes last.
 */
export async function runSingle(options: ServeOptions, logger: Logger): Promise<void> {
  const registry = options.metrics === undefined ? undefined : processRegistry();
  const metrics = registry && (await startMetricsServer(options.metrics!, registry, logger));
  let server: RunningServer;
  try {
    const observe = registry && ((reactor: RunningServer['reactor']) => registerReactorMetrics(reactor, registry));
    server = await runServe(options, { logger, observe });
  } catch (err) {
    await metrics?.close();
    throw err;
  }
  metrics?.ready();
  shutdownOnSignal(async () => {
    metrics?.draining();
    await server.close();
    await metrics?.close();
  }, logger);
}
