import type { ListenerStats } from '@switchboard/core';
import type { Histogram, Registry } from 'prom-client';

const NAME = 'switchboard_handler_seconds';

/**
 * `switchboard_handler_seconds{listener}`: core already keeps each listener's handler time in fixed
 * buckets (`measureHandlerTime`), so this metric only reports those counts on scrape. prom-client's
 * Histogram cannot take counts made elsewhere, and observing through it would cost a label hash
 * per message; a metric object with prom-client's `get()` shape prints and aggregates across
 * workers (summed) like a Histogram does.
 */
export function registerHandlerTimeMetric(registry: Registry, listeners: () => readonly ListenerStats[]): void {
  const metric = {
    name: NAME,
    help: 'Time the handler chain took per message (until it returned, or its promise settled), per listener',
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({
      name: NAME,
      help: metric.help,
      type: 'histogram',
      aggregator: 'sum',
      values: listeners().flatMap(histogramValues),
    }),
    reset: () => {},
  };
  registry.registerMetric(metric as unknown as Histogram);
}

/** One listener's buckets (cumulative, then `+Inf`), sum and count, as prom-client lists them. */
function histogramValues({ url: listener, handlerSeconds: h }: ListenerStats) {
  if (h === undefined) return [];
  const bucket = `${NAME}_bucket`;
  return [
    ...h.bounds.map((le, i) => ({ metricName: bucket, labels: { listener, le }, value: h.cumulative[i]! })),
    { metricName: bucket, labels: { listener, le: '+Inf' }, value: h.count },
    { metricName: `${NAME}_sum`, labels: { listener }, value: h.sum },
    { metricName: `${NAME}_count`, labels: { listener }, value: h.count },
  ];
}
