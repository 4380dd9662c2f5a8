/**
 * What happens to a peer that has more than `maxBufferedBytes` queued and not read:
 * `disconnect` closes it with SLOW_CONSUMER (the default); `drop` keeps it connected and skips
 * the messages written to it (broadcasts and a handler's own writes) until it catches up.
 */
export type SlowConsumerPolicy = 'disconnect' | 'drop';

/** The values `slowConsumer` accepts. */
export const SLOW_CONSUMER_POLICIES: readonly SlowConsumerPolicy[] = ['disconnect', 'drop'];

/** A listener's slow-consumer counters, summed by `reactor.stats()`; one object per listener, not per channel. */
export interface SlowConsumerCounts {
  /** Messages skipped for peers over the limit (policy `drop`). */
  drops: number;
  /** Peers closed with SLOW_CONSUMER (policy `disconnect`). */
  disconnects: number;
}

/** Counts one message skipped for a slow peer (where the listener counts); false, as a skipped write returns. */
export function skipped(counts: SlowConsumerCounts | undefined): false {
  if (counts) counts.drops++;
  return false;
}
