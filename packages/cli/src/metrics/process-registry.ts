import { collectDefaultMetrics, Registry } from 'prom-client';

/** A registry holding prom-client's process metrics (CPU, memory, event-loop lag, GC, handles). */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
