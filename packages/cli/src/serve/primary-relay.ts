import type { Worker } from 'node:cluster';
import type { Logger } from '@switchboard/core';
import { isMessage, type RelayMessage } from './cluster-messages.js';
import { DropEpisode } from './drop-episode.js';
import { IpcOutlet, type OutletStats } from './ipc-outlet.js';
import { RELAY_LIMITS, relayBytes, type RelayLimits } from './relay-limits.js';

/**
 * The primary's half of the embedded backplane: each batch a worker sends is forwarded, as it
 * came, to every other worker (never back to its sender, so each member hears a broadcast once).
 * Each worker has its own bounded outlet, so one stalled worker costs the others nothing.
 */
export class PrimaryRelay {
  private readonly outlets = new Map<Worker, IpcOutlet>();
  /** Each outlet's counts by worker id, kept after the worker exits (the metrics are counters). */
  private readonly counts = new Map<number, Readonly<OutletStats>>();

  constructor(
    private readonly logger: Logger,
    private readonly limits: RelayLimits = RELAY_LIMITS,
  ) {}

  /** Relays to and from `worker` until it exits. */
  add(worker: Worker): void {
    const episode = new DropEpisode(this.logger, `relay to worker ${worker.id}`, this.limits.quietMs);
    const send = (message: RelayMessage, callback: (error: Error | null) => void) => worker.send(message, callback);
    const outlet = new IpcOutlet(send, () => worker.isConnected(), this.limits, episode);
    this.outlets.set(worker, outlet);
    this.counts.set(worker.id, outlet.stats);
    worker.on('message', (message: unknown) => {
      if (isMessage<RelayMessage>(message, 'relay')) this.forward(worker, message);
    });
    worker.once('exit', () => {
      this.outlets.get(worker)?.close();
      this.outlets.delete(worker);
    });
  }

  /** Broadcasts sent, dropped and failed per worker id since start; workers that exited keep theirs. */
  stats(): ReadonlyMap<number, Readonly<OutletStats>> {
    return this.counts;
  }

  private forward(from: Worker, message: RelayMessage): void {
    if (this.outlets.size < 2) return;
    const bytes = relayBytes(message.items);
    for (const [worker, outlet] of this.outlets) if (worker !== from) outlet.offer(message, bytes);
  }
}
