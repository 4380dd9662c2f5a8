import { afterEach, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { Reactor } from '../reactor/reactor.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { HUB } from '../tokens.js';

let reactor: Reactor | undefined;
afterEach(() => reactor?.close({ graceMs: 100 }));

/** Joins two rooms on open and never leaves: the Hub must notice the close by itself. */
async function serveRooms() {
  reactor = new Reactor();
  const hub = reactor.container.resolve(HUB);
  const joiner: Handler = {
    onOpen: (ctx: HandlerContext) => {
      hub.join(ctx.connection, 'red');
      hub.join(ctx.connection, 'blue');
    },
  };
  const connections: Connection[] = [];
  reactor.on('connection', (connection) => connections.push(connection));
  const listener = reactor.listen('tcp://127.0.0.1:0', [joiner], { codec: 'lines' });
  await reactor.start();
  return { hub, connections, port: listener.port };
}

it('drops a member that disconnects without leave from every room', async () => {
  const { hub, connections, port } = await serveRooms();
  const alice = await LineClient.connect({ port });
  const bob = await LineClient.connect({ port });
  await eventually(() => hub.members('blue').size === 2);
  const [aliceSide, bobSide] = connections;
  expect(hub.rooms()).toEqual(
    new Map([
      ['red', 2],
      ['blue', 2],
    ]),
  );
  expect(hub.roomsOf(aliceSide!)).toEqual(['red', 'blue']);

  alice.destroy();
  await eventually(() => hub.members('red').size === 1);
  expect([...hub.members('red')]).toEqual([bobSide]);
  expect([...hub.members('blue')]).toEqual([bobSide]);
  expect(hub.rooms()).toEqual(
    new Map([
      ['red', 1],
      ['blue', 1],
    ]),
  );
  expect(hub.roomsOf(aliceSide!)).toEqual([]);
  // A closed connection joins nothing, so a late join cannot bring it back.
  hub.join(aliceSide!, 'red');
  expect(hub.members('red').size).toBe(1);
  expect(hub.broadcast('to red', { room: 'red' })).toBe(1);
  expect(await bob.readLine()).toBe('to red');

  bob.destroy();
  await eventually(() => hub.rooms().size === 0);
});

it('leaves one room, then all, and lists rooms by size', async () => {
  const { hub, connections, port } = await serveRooms();
  const alice = await LineClient.connect({ port });
  await eventually(() => hub.members('red').size === 1);
  const [aliceSide] = connections;
  hub.join(aliceSide!, 'green');
  hub.leave(aliceSide!, 'red');
  expect(hub.roomsOf(aliceSide!)).toEqual(['blue', 'green']);
  expect(hub.rooms()).toEqual(
    new Map([
      ['blue', 1],
      ['green', 1],
    ]),
  );
  hub.leaveAll(aliceSide!);
  expect(hub.roomsOf(aliceSide!)).toEqual([]);
  expect(hub.rooms().size).toBe(0);
  expect(hub.broadcast('anyone?', { room: 'blue' })).toBe(0);
  // Joined again after leaving all: still one membership per room, still dropped on close.
  hub.join(aliceSide!, 'red');
  hub.join(aliceSide!, 'red');
  expect(hub.rooms()).toEqual(new Map([['red', 1]]));
  alice.destroy();
  await eventually(() => hub.rooms().size === 0);
});
