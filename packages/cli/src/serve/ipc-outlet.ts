import type { RelayMessage } from './cluster-messages.js';
import type { DropEpisode } from './drop-episode.js';
import { relayBytes, type RelayLimits } from './relay-limits.js';

/** `process.send` or `worker.send`: the callback runs once the message is written, or failed. */
export type IpcSend = (message: RelayMessage, callback: (error: Error | null) => void) => boolean;

/** What one outlet has done, in broadcasts (a batch holds several). */
export interface OutletStats {
  sent: number;
  dropped: number;
  failed: number;
}

/**
 * One direction of an IPC channel for relayed broadcasts, bounded: Node queues whatever `send` is
 * given for a peer that does not read (a stopped worker), so this counts what is handed over and
 * not yet written, and past the limits drops the batch instead (at most once, like Redis).
 * Slowness is judged by what is queued before a batch, so one large batch still passes.
 */
export class IpcOutlet {
  readonly stats: OutletStats = { sent: 0, dropped: 0, failed: 0 };
  private pendingBytes = 0;
  private pendingBatches = 0;

  constructor(
    private readonly send: IpcSend,
    private readonly connected: () => boolean,
    private readonly limits: RelayLimits,
    private readonly episode: DropEpisode,
  ) {}

  /** Hands a batch to the channel unless it is too far behind; `bytes` defaults to the batch's size. */
  offer(message: RelayMessage, bytes = relayBytes(message.items)): boolean {
    const count = message.items.length / 2;
    if (!this.connected()) return false;
    if (this.pendingBytes >= this.limits.maxPendingBytes || this.pendingBatches >= this.limits.maxPendingBatches) {
      this.stats.dropped += count;
      this.episode.record(count, `${this.pendingBytes} bytes in ${this.pendingBatches} batches unsent`);
      return false;
    }
    this.pendingBytes += bytes;
    this.pendingBatches++;
    this.send(message, (error) => {
      this.pendingBytes -= bytes;
      this.pendingBatches--;
      if (error) this.stats.failed += count;
      else this.stats.sent += count;
    });
    return true;
  }

  close(): void {
    this.episode.close();
  }
}
