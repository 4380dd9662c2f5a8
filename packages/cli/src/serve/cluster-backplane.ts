import type { Backplane, BackplaneMessage } from '@switchboard/core';
import { isMessage, type RelayMessage } from './cluster-messages.js';
import type { IpcOutlet } from './ipc-outlet.js';

type Listener = (message: BackplaneMessage) => void;

/** Where relayed batches arrive: the worker's `process`. */
export interface RelayInbox {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * The embedded backplane of `--workers`: a worker's broadcasts go to the primary, which relays them
 * to every other worker. The broadcasts of one turn leave as one IPC message (one batch per turn,
 * sent from a microtask), so a read of many lines costs one message, not one per line. Order per
 * sender is kept: one pipe each way, relayed in arrival order. At most once: a batch the outlet
 * refuses is dropped. Text arrives as the sender's handler escaped it; bytes arrive byte-exact.
 */
export class ClusterBackplane implements Backplane {
  private readonly listeners = new Set<Listener>();
  private items: (string | Uint8Array)[] = [];
  private bytes = 0;
  private origin = '';
  private scheduled = false;
  private closed = false;
  /** Broadcasts from other workers delivered here, for `stats()`. */
  private received = 0;
  private readonly flush = () => {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const message: RelayMessage = { type: 'relay', origin: this.origin, items: this.items };
    this.outlet.offer(message, this.bytes);
    this.items = [];
    this.bytes = 0;
  };
  private readonly receive = (message: unknown) => {
    if (!isMessage<RelayMessage>(message, 'relay')) return;
    const { origin, items } = message;
    this.received += items.length >> 1;
    for (let i = 0; i + 1 < items.length; i += 2) {
      const relayed: BackplaneMessage = { room: items[i] as string, payload: items[i + 1]!, origin };
      for (const listener of this.listeners) listener(relayed);
    }
  };

  constructor(
    private readonly outlet: IpcOutlet,
    private readonly inbox: RelayInbox,
    private readonly maxBatchBytes: number,
  ) {
    inbox.on('message', this.receive);
  }

  publish(room: string, payload: string | Uint8Array, origin: string): void {
    if (this.closed) return;
    // A batch carries one origin (one hub per worker, in practice).
    if (origin !== this.origin) {
      this.flush();
      this.origin = origin;
    }
    this.items.push(room, payload);
    this.bytes += room.length + payload.length;
    if (this.bytes >= this.maxBatchBytes) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flush);
    }
  }

  subscribe(listener: Listener): void {
    this.listeners.add(listener);
  }

  unsubscribe(listener: Listener): void {
    this.listeners.delete(listener);
  }

  /** Counters since start, in broadcasts, for the metrics (named as the Redis backplane's are). */
  stats(): { published: number; dropped: number; failed: number; received: number } {
    const { sent, dropped, failed } = this.outlet.stats;
    return { published: sent, dropped, failed, received: this.received };
  }

  /** Sends what this turn still holds, then stops hearing the primary. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.inbox.off('message', this.receive);
    this.outlet.close();
  }
}
