import type { Channel } from '../channel/channel.js';

/** Bytes and messages either way, and backpressure stalls: what `stats()` sums over channels. */
export interface TrafficCounts {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  backpressureStalls: number;
}

export function noTraffic(): TrafficCounts {
  return { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, backpressureStalls: 0 };
}

/** Adds one channel's counts to `into`. */
export function addTraffic(into: TrafficCounts, channel: Channel): void {
  into.bytesIn += channel.bytesRead;
  into.bytesOut += channel.bytesWritten;
  into.messagesIn += channel.messagesRead;
  into.messagesOut += channel.messagesWritten;
  into.backpressureStalls += channel.backpressureStalls;
}
