import { EventEmitter } from 'node:events';
import { silentLogger, type BackplaneMessage } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { ClusterBackplane } from './cluster-backplane.js';
import type { RelayMessage } from './cluster-messages.js';
import { DropEpisode } from './drop-episode.js';
import { IpcOutlet } from './ipc-outlet.js';
import { RELAY_LIMITS } from './relay-limits.js';

function setup(maxBatchBytes = RELAY_LIMITS.maxBatchBytes) {
  const sent: RelayMessage[] = [];
  const send = (message: RelayMessage, callback: (error: Error | null) => void) => {
    sent.push(message);
    queueMicrotask(() => callback(null));
    return true;
  };
  const outlet = new IpcOutlet(send, () => true, RELAY_LIMITS, new DropEpisode(silentLogger, 'r', 60_000));
  const inbox = new EventEmitter();
  const backplane = new ClusterBackplane(outlet, inbox, maxBatchBytes);
  const heard: BackplaneMessage[] = [];
  backplane.subscribe((message) => heard.push(message));
  return { sent, inbox, backplane, heard };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ClusterBackplane', () => {
  it('sends the broadcasts of one turn as one IPC message, in order', async () => {
    const { sent, backplane } = setup();
    backplane.publish('lobby', 'a', 'hub-1');
    backplane.publish('ops', new Uint8Array([0, 255]), 'hub-1');
    backplane.publish('lobby', 'b', 'hub-1');
    expect(sent).toHaveLength(0);
    await turn();
    expect(sent).toEqual([
      { type: 'relay', origin: 'hub-1', items: ['lobby', 'a', 'ops', new Uint8Array([0, 255]), 'lobby', 'b'] },
    ]);
    backplane.publish('lobby', 'c', 'hub-1');
    await turn();
    expect(sent).toHaveLength(2);
    await backplane.close();
  });

  it('sends a batch early once it reaches maxBatchBytes', async () => {
    const { sent, backplane } = setup(100);
    for (let i = 0; i < 5; i++) backplane.publish('lobby', 'x'.repeat(45), 'hub-1');
    expect(sent.map((message) => message.items.length / 2)).toEqual([2, 2]);
    await turn();
    expect(sent.map((message) => message.items.length / 2)).toEqual([2, 2, 1]);
    await backplane.close();
  });

  it('hands each relayed broadcast to its subscribers, bytes as they came, and ignores other messages', async () => {
    const { inbox, backplane, heard } = setup();
    const bytes = Buffer.from([1, 2, 3]);
    inbox.emit('message', { type: 'shutdown' });
    inbox.emit('message', { type: 'relay', origin: 'hub-2', items: ['lobby', 'hi', 'bin', bytes] });
    expect(heard).toEqual([
      { room: 'lobby', payload: 'hi', origin: 'hub-2' },
      { room: 'bin', payload: bytes, origin: 'hub-2' },
    ]);
    await backplane.close();
    inbox.emit('message', { type: 'relay', origin: 'hub-2', items: ['lobby', 'late'] });
    backplane.publish('lobby', 'after close', 'hub-1');
    await turn();
    expect(heard).toHaveLength(2);
  });

  it('sends what a turn still holds when closed', async () => {
    const { sent, backplane } = setup();
    backplane.publish('lobby', 'last words', 'hub-1');
    await backplane.close();
    expect(sent).toHaveLength(1);
  });
});
