import type { Registry } from 'prom-client';
import { registerRunningTotal } from './running-total.js';

/** What the primary's relay counts for one worker, in broadcasts (a batch holds several). */
export type RelayCounts = Readonly<Record<(typeof COUNTERS)[number]['field'], number>>;

/** The primary's relay of `--workers` without `--redis` (see PrimaryRelay). */
export interface RelayStatsSource {
  /** Counts since start by worker id, workers that exited included (with their last counts). */
  stats(): ReadonlyMap<number, RelayCounts>;
}

const COUNTERS = [
  {
    field: 'sent',
    name: 'switchboard_relay_sent_total',
    help: "Broadcasts the primary relayed to a worker (written to the worker's IPC channel), per worker",
  },
  {
    field: 'dropped',
    name: 'switchboard_relay_dropped_total',
    help: 'Broadcasts the primary dropped for a worker not keeping up (too much unsent to it), per worker',
  },
  {
    field: 'failed',
    name: 'switchboard_relay_failed_total',
    help: "Broadcasts whose write to a worker's IPC channel failed (the worker exited), per worker",
  },
] as const;

/**
 * Registers the relay's per-worker counters, read from its `stats()` on scrape (relaying costs
 * nothing extra). A worker that exited keeps its series at its last counts, so no counter goes
 * back; its replacement has a new id, hence new series.
 */
export function registerRelayMetrics(registry: Registry, relay: RelayStatsSource): void {
  for (const { field, name, help } of COUNTERS) {
    const read = () => [...relay.stats()].map(([worker, counts]) => [{ worker }, counts[field]] as const);
    registerRunningTotal(registry, name, help, read, ['worker']);
  }
}
