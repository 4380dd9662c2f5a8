import type { Channel } from '../channel/channel.js';
import type { SlowConsumerCounts } from '../channel/slow-consumer.js';
import type { Listener } from './listener.js';
import type { ReactorStats } from './reactor-events.js';

/**
 * Every listener and open channel of a reactor, and the counters behind `stats()`. Byte counts
 * of live channels are summed on demand, so the hot path keeps no counters of its own.
 */
export class ChannelRegistry {
  readonly listeners: Listener[] = [];
  /** Outbound channels from `connect()`, tracked like a listener's. */
  readonly outbound = new Set<Channel>();
  accepted = 0;
  refused = 0;
  private closedBytesIn = 0;
  private closedBytesOut = 0;
  /** Slow-consumer counts of outbound connections that have closed (each has its own config). */
  private readonly closedOutbound: SlowConsumerCounts = { drops: 0, disconnects: 0 };

  /** Forgets a closed channel, keeping its byte counts. */
  remove(channel: Channel): void {
    this.closedBytesIn += channel.bytesRead;
    this.closedBytesOut += channel.bytesWritten;
    if (this.outbound.delete(channel)) return this.keepCounts(channel);
    for (const listener of this.listeners) {
      if (!listener.channels.delete(channel)) continue;
      listener.closedBytes.in += channel.bytesRead;
      listener.closedBytes.out += channel.bytesWritten;
      return;
    }
  }

  get isEmpty(): boolean {
    return this.outbound.size === 0 && this.listeners.every((listener) => listener.channels.size === 0);
  }

  *channels(): Iterable<Channel> {
    for (const listener of this.listeners) yield* listener.channels;
    yield* this.outbound;
  }

  /** Resolves once every channel is gone, or after `ms`. */
  async waitUntilEmpty(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.isEmpty && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(25, Math.max(1, deadline - Date.now()))));
    }
  }

  stats(): ReactorStats {
    let bytesIn = this.closedBytesIn;
    let bytesOut = this.closedBytesOut;
    let connections = 0;
    for (const channel of this.channels()) {
      bytesIn += channel.bytesRead;
      bytesOut += channel.bytesWritten;
      connections++;
    }
    const slow = this.slowConsumerCounts();
    return {
      connections,
      accepted: this.accepted,
      refused: this.refused,
      bytesIn,
      bytesOut,
      slowConsumerDrops: slow.drops,
      slowConsumerDisconnects: slow.disconnects,
      listeners: this.listeners.map(listenerStats),
    };
  }

  /** Listeners count into their shared config; outbound channels each into their own. */
  private slowConsumerCounts(): SlowConsumerCounts {
    const sum = { ...this.closedOutbound };
    const add = (counts: SlowConsumerCounts | undefined) => {
      sum.drops += counts?.drops ?? 0;
      sum.disconnects += counts?.disconnects ?? 0;
    };
    for (const listener of this.listeners) add(listener.config.slowConsumerCounts);
    for (const channel of this.outbound) add(channel.config.slowConsumerCounts);
    return sum;
  }

  private keepCounts(channel: Channel): void {
    this.closedOutbound.drops += channel.config.slowConsumerCounts?.drops ?? 0;
    this.closedOutbound.disconnects += channel.config.slowConsumerCounts?.disconnects ?? 0;
  }
}

/** One listener's open connections and bytes either way, closed channels included. */
function listenerStats(listener: Listener): ReactorStats['listeners'][number] {
  let bytesIn = listener.closedBytes.in;
  let bytesOut = listener.closedBytes.out;
  for (const channel of listener.channels) {
    bytesIn += channel.bytesRead;
    bytesOut += channel.bytesWritten;
  }
  return { url: listener.url, connections: listener.channels.size, bytesIn, bytesOut };
}
