import { AggregatorRegistry, type Registry } from 'prom-client';
import { mergePrometheusText } from './merge-prometheus-text.js';
import { processRegistry } from './process-registry.js';
import { registerRelayMetrics, type RelayStatsSource } from './relay-metrics.js';
import type { MetricsSource } from './metrics-server.js';

/*
 * prom-client's cluster aggregation asks each worker over the cluster IPC channel with its own
 * message types (`prom-client:getMetricsReq` / `…Res`), which the relay and the pool ignore.
 */

/** In a worker: answer the primary's metrics requests with `registry`. */
export function answerPrimaryScrapes(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  // The constructor installs the IPC listener (once per process).
  new AggregatorRegistry();
}

/**
 * In the primary: every worker's metrics, summed (or averaged, as each metric says), per scrape,
 * then the primary's own (its process metrics), labelled `process="primary"` so that they add to
 * the workers' series instead of mixing into them; with `relay` (no `--redis`), its per-worker counts too.
 */
export function workersMetricsSource(relay?: RelayStatsSource): MetricsSource {
  const aggregator = new AggregatorRegistry();
  const primary = processRegistry();
  primary.setDefaultLabels({ process: 'primary' });
  if (relay) registerRelayMetrics(primary, relay);
  return {
    contentType: aggregator.contentType,
    metrics: async () => {
      const [workers, own] = await Promise.all([aggregator.clusterMetrics(), primary.metrics()]);
      return mergePrometheusText(workers, own);
    },
  };
}
