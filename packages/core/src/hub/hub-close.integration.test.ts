import { container } from 'tsyringe';
import { afterEach, expect, it } from 'vitest';
import type { HandlerContext } from '../handler/handler.js';
import { Reactor } from '../reactor/reactor.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { BACKPLANE, HUB } from '../tokens.js';
import type { Backplane, BackplaneMessage } from './backplane.js';

/** Stands in for the other processes: the test makes them broadcast with `fromElsewhere`. */
class ElsewhereBackplane implements Backplane {
  readonly listeners = new Set<(message: BackplaneMessage) => void>();
  readonly published: string[] = [];
  publish(_room: string, payload: string | Uint8Array): void {
    this.published.push(String(payload));
  }
  subscribe(listener: (message: BackplaneMessage) => void): void {
    this.listeners.add(listener);
  }
  unsubscribe(listener: (message: BackplaneMessage) => void): void {
    this.listeners.delete(listener);
  }
  fromElsewhere(payload: string): void {
    for (const listener of this.listeners) listener({ room: 'lobby', payload, origin: 'elsewhere' });
  }
  async close(): Promise<void> {}
}

let reactor: Reactor | undefined;
afterEach(() => reactor?.close({ graceMs: 100 }));

it('close() unsubscribes: a broadcast from another process no longer reaches local members', async () => {
  const app = container.createChildContainer();
  const backplane = new ElsewhereBackplane();
  app.registerInstance(BACKPLANE, backplane);
  reactor = new Reactor({ container: app });
  const hub = reactor.container.resolve(HUB);
  const joiner = { onOpen: (ctx: HandlerContext) => hub.join(ctx.connection) };
  const listener = reactor.listen('tcp://127.0.0.1:0', [joiner], { codec: 'lines' });
  await reactor.start();
  const member = await LineClient.connect({ port: listener.port });
  await eventually(() => hub.members().size === 1);

  backplane.fromElsewhere('before close');
  expect(await member.readLine()).toBe('before close');
  hub.broadcast('published');
  expect(await member.readLine()).toBe('published');
  hub.close();
  hub.close();
  expect(backplane.listeners.size).toBe(0);
  backplane.fromElsewhere('after close');
  // Local broadcast goes on (not published any more); had 'after close' been delivered, it would come first.
  expect(hub.broadcast('local after close')).toBe(1);
  expect(await member.readLine()).toBe('local after close');
  expect(backplane.published).toEqual(['published']);
});
