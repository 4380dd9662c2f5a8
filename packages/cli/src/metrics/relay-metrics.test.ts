import type { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { silentLogger } from '@switchboard/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RelayMessage } from '../serve/cluster-messages.js';
import { PrimaryRelay } from '../serve/primary-relay.js';
import { RELAY_LIMITS } from '../serve/relay-limits.js';
import { sample } from '../testing/scrape.js';
import { registerRelayMetrics } from './relay-metrics.js';

type Callback = (error: Error | null) => void;

/** A cluster worker as the relay sees it: `writes` says whether its IPC channel writes at once or never. */
function fakeWorker(id: number, writes: boolean) {
  const pending: Callback[] = [];
  const worker = Object.assign(new EventEmitter(), {
    id,
    isConnected: () => true,
    send: (_message: RelayMessage, callback: Callback) => {
      if (writes) callback(null);
      else pending.push(callback);
      return writes;
    },
  });
  /** The worker exits: what was still queued for it fails. */
  const exit = () => {
    for (const callback of pending.splice(0)) callback(new Error('channel closed'));
    worker.emit('exit', 0, null);
  };
  return { worker, exit, publish: (message: RelayMessage) => worker.emit('message', message) };
}

const batch = (count: number): RelayMessage => ({
  type: 'relay',
  origin: 'hub',
  items: Array.from({ length: count }, (_, i) => ['lobby', `line ${i}`]).flat(),
});

describe('relay metrics', () => {
  it("counts each worker's sent, dropped and failed broadcasts, and keeps an exited worker's series", async () => {
    // One unsent batch per worker at most, so that a worker that never reads drops the next one.
    const relay = new PrimaryRelay(silentLogger, { ...RELAY_LIMITS, maxPendingBatches: 1 });
    const [one, two, stalled] = [fakeWorker(1, true), fakeWorker(2, true), fakeWorker(3, false)];
    for (const { worker } of [one, two, stalled]) relay.add(worker as unknown as Worker);
    const registry = new Registry();
    registerRelayMetrics(registry, relay);
    const scrape = () => registry.metrics();
    const value = (text: string, outcome: string, worker: number) =>
      sample(text, `switchboard_relay_${outcome}_total`, { worker: String(worker) });

    // Zero series from the start, so that rate() sees the first broadcast.
    const empty = await scrape();
    for (const outcome of ['sent', 'dropped', 'failed'])
      for (const worker of [1, 2, 3]) expect(value(empty, outcome, worker)).toBe(0);

    one.publish(batch(2));
    one.publish(batch(3));
    const flowing = await scrape();
    expect(value(flowing, 'sent', 2)).toBe(5);
    expect(value(flowing, 'sent', 1)).toBe(0); // never back to the sender
    expect(value(flowing, 'sent', 3)).toBe(0); // its first batch is still unwritten
    expect(value(flowing, 'dropped', 3)).toBe(3);
    expect(value(flowing, 'dropped', 2)).toBe(0);

    stalled.exit();
    two.publish(batch(4));
    const after = await scrape();
    expect(value(after, 'failed', 3)).toBe(2); // the unwritten batch failed when it exited
    expect(value(after, 'dropped', 3)).toBe(3); // still there: counters never go back
    expect(value(after, 'sent', 3)).toBe(0);
    expect(value(after, 'sent', 1)).toBe(4);
    expect(value(after, 'sent', 2)).toBe(5);
    expect(after.match(/^# TYPE switchboard_relay_sent_total counter$/m)).not.toBeNull();
    one.exit();
    two.exit();
  });
});
