import cluster from 'node:cluster';
import { BACKPLANE, type Logger } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { ClusterBackplane } from './cluster-backplane.js';
import type { RelayMessage } from './cluster-messages.js';
import { DropEpisode } from './drop-episode.js';
import { IpcOutlet } from './ipc-outlet.js';
import { RELAY_LIMITS, type RelayLimits } from './relay-limits.js';

/**
 * In a `--workers` worker, registers the embedded backplane (broadcasts relayed through the
 * primary) in `container`; elsewhere does nothing. Returns it, for the server to close.
 */
export function joinClusterBackplane(
  container: DependencyContainer,
  logger: Logger,
  limits: RelayLimits = RELAY_LIMITS,
): ClusterBackplane | undefined {
  if (!cluster.isWorker || process.send === undefined) return undefined;
  const send = (message: RelayMessage, callback: (error: Error | null) => void) => process.send!(message, callback);
  const episode = new DropEpisode(logger, 'relay to the primary', limits.quietMs);
  const outlet = new IpcOutlet(send, () => process.connected, limits, episode);
  const backplane = new ClusterBackplane(outlet, process, limits.maxBatchBytes);
  container.registerInstance(BACKPLANE, backplane);
  return backplane;
}
