import { silentLogger, type Logger } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import type { RelayMessage } from './cluster-messages.js';
import { DropEpisode } from './drop-episode.js';
import { IpcOutlet } from './ipc-outlet.js';
import { RELAY_LIMITS } from './relay-limits.js';

const batch = (...lines: string[]): RelayMessage => ({
  type: 'relay',
  origin: 'o',
  items: lines.flatMap((line) => ['lobby', line]),
});

/** An IPC channel whose peer does not read: nothing is ever written until `flush()`. */
function stalledChannel() {
  const callbacks: ((error: Error | null) => void)[] = [];
  const sent: RelayMessage[] = [];
  const send = (message: RelayMessage, callback: (error: Error | null) => void) => {
    sent.push(message);
    callbacks.push(callback);
    return false;
  };
  return { send, sent, flush: () => callbacks.splice(0).forEach((callback) => callback(null)) };
}

function warnings(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: { ...silentLogger, warn: (msg: string) => void lines.push(msg) }, lines };
}

describe('IpcOutlet', () => {
  it('drops and counts batches past the pending limit, logs once per episode, and sends again once written', () => {
    const channel = stalledChannel();
    const { logger, lines } = warnings();
    const limits = { ...RELAY_LIMITS, maxPendingBytes: 100 };
    const outlet = new IpcOutlet(
      channel.send,
      () => true,
      limits,
      new DropEpisode(logger, 'relay to worker 2', 60_000),
    );
    for (let i = 0; i < 50; i++) outlet.offer(batch('x'.repeat(20), 'y'.repeat(20)));
    // 50 bytes a batch (rooms count): the third finds 100 pending, the limit, and is dropped, as are the rest.
    expect(channel.sent).toHaveLength(2);
    expect(outlet.stats.dropped).toBe(48 * 2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/relay to worker 2 is behind/);
    channel.flush();
    expect(outlet.stats.sent).toBe(4);
    expect(outlet.offer(batch('z'))).toBe(true);
    outlet.close();
  });

  it('lets one batch larger than the limit through when nothing is pending', () => {
    const channel = stalledChannel();
    const limits = { ...RELAY_LIMITS, maxPendingBytes: 10 };
    const outlet = new IpcOutlet(channel.send, () => true, limits, new DropEpisode(silentLogger, 'r', 60_000));
    expect(outlet.offer(batch('x'.repeat(1000)))).toBe(true);
    expect(outlet.offer(batch('y'))).toBe(false);
    outlet.close();
  });

  it('bounds the number of pending batches too, and sends nothing on a closed channel', () => {
    const channel = stalledChannel();
    const limits = { ...RELAY_LIMITS, maxPendingBatches: 2 };
    let connected = true;
    const outlet = new IpcOutlet(channel.send, () => connected, limits, new DropEpisode(silentLogger, 'r', 60_000));
    expect([1, 2, 3].map(() => outlet.offer(batch('a')))).toEqual([true, true, false]);
    connected = false;
    channel.flush();
    expect(outlet.offer(batch('b'))).toBe(false);
    expect(channel.sent).toHaveLength(2);
    outlet.close();
  });
});
