import { BACKPLANE } from '@switchboard/core';
import type { Registry } from 'prom-client';
import type { DependencyContainer } from 'tsyringe';
import { registerRunningTotal } from './running-total.js';

/** What the Redis backplane and the `--workers` one count; each reports the fields it has. */
type BackplaneCounts = Partial<Record<(typeof COUNTERS)[number]['field'], number>>;

const COUNTERS = [
  {
    field: 'published',
    name: 'switchboard_backplane_published_total',
    help: 'Broadcasts sent to the other processes (Redis acknowledged them; the IPC channel took them)',
  },
  {
    field: 'received',
    name: 'switchboard_backplane_received_total',
    help: "Broadcasts from other processes delivered to this process's hub",
  },
  {
    field: 'dropped',
    name: 'switchboard_backplane_dropped_total',
    help: 'Broadcasts not sent: the backplane is down or not keeping up, or the message is too large',
  },
  {
    field: 'failed',
    name: 'switchboard_backplane_failed_total',
    help: 'Broadcasts sent whose connection failed before they were acknowledged',
  },
  {
    field: 'malformed',
    name: 'switchboard_backplane_malformed_total',
    help: 'Messages on the Redis channel that are not ours (ignored)',
  },
  {
    field: 'resets',
    name: 'switchboard_backplane_resets_total',
    help: 'Backplane connections lost after being up (Redis errors, timeouts, protocol violations)',
  },
] as const;

/**
 * Registers the backplane's counters when the server has one (`--redis`, or `--workers`): read
 * from its `stats()` on scrape, so broadcasting costs nothing extra. Counters a backplane does
 * not keep are not shown.
 */
export function registerBackplaneMetrics(registry: Registry, container: DependencyContainer): void {
  if (!container.isRegistered(BACKPLANE, true)) return;
  const backplane = container.resolve(BACKPLANE) as { stats?: () => BackplaneCounts };
  if (typeof backplane.stats !== 'function') return;
  const read = () => backplane.stats!();
  const first = read();
  for (const { field, name, help } of COUNTERS) {
    if (first[field] === undefined) continue;
    registerRunningTotal(registry, name, help, () => read()[field] ?? 0);
  }
}
