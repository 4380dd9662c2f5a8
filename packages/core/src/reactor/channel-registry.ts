import type { Channel } from '../channel/channel.js';
import type { SlowConsumerCounts } from '../channel/slow-consumer.js';
import type { Listener } from './listener.js';
import type { ListenerStats, ReactorStats } from './reactor-events.js';
import { addTraffic, noTraffic } from './traffic-counts.js';

/**
 * Every listener and open channel of a reactor, and the counters behind `stats()`. Byte and
 * message counts live in each channel and are summed on demand; closed channels' are kept here.
 */
export class ChannelRegistry {
  readonly listeners: Listener[] = [];
  /** Outbound channels from `connect()`, tracked like a listener's. */
  readonly outbound = new Set<Channel>();
  accepted = 0;
  refused = 0;
  private readonly closedTraffic = noTraffic();
  /** Slow-consumer counts of outbound connections that have closed (each has its own config). */
  private readonly closedOutbound: SlowConsumerCounts = { drops: 0, disconnects: 0 };

  /** Forgets a closed channel, keeping its byte and message counts. */
  remove(channel: Channel): void {
    addTraffic(this.closedTraffic, channel);
    if (this.outbound.delete(channel)) return this.keepCounts(channel);
    for (const listener of this.listeners) {
      if (!listener.channels.delete(channel)) continue;
      addTraffic(listener.closedTraffic, channel);
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
    const traffic = { ...this.closedTraffic };
    let connections = 0;
    for (const channel of this.channels()) {
      addTraffic(traffic, channel);
      connections++;
    }
    const slow = this.slowConsumerCounts();
    return {
      connections,
      accepted: this.accepted,
      refused: this.refused,
      ...traffic,
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

/** One listener's open connections, traffic (closed channels included) and handler time if measured. */
function listenerStats(listener: Listener): ListenerStats {
  const traffic = { ...listener.closedTraffic };
  for (const channel of listener.channels) addTraffic(traffic, channel);
  const handlerSeconds = listener.config.handlerTime?.snapshot();
  return {
    url: listener.url,
    connections: listener.channels.size,
    ...traffic,
    ...(handlerSeconds ? { handlerSeconds } : {}),
  };
}
