import { afterEach, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import type { Hub } from '../hub/hub.js';
import { Reactor } from '../reactor/reactor.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { WsClient } from '../testing/ws-client.js';
import { HUB } from '../tokens.js';

let reactor: Reactor | undefined;
afterEach(() => reactor?.close({ graceMs: 100 }));

/** Joins the hub and relays every message, unprefixed, to everyone else. */
function relay(hub: Hub): Handler<string> {
  return {
    onOpen: (ctx: HandlerContext) => hub.join(ctx.connection),
    onMessage: (ctx: HandlerContext, msg: string) => void hub.broadcast(msg, { except: ctx.connection }),
    onClose: (ctx: HandlerContext) => hub.leave(ctx.connection),
  };
}

it('frames one broadcast right for every member of a room that mixes TCP lines and WebSocket', async () => {
  reactor = new Reactor();
  const hub = reactor.container.resolve(HUB);
  const tcp = reactor.listen('tcp://127.0.0.1:0', [relay(hub)], { codec: 'lines' });
  const ws = reactor.listen('ws://127.0.0.1:0/room', [relay(hub)]);
  await reactor.start();
  // Joined alternately, so the hub meets the two codecs in turn.
  const members: (LineClient | WsClient)[] = [];
  for (let i = 0; i < 3; i++) {
    members.push(await LineClient.connect({ port: tcp.port }));
    await eventually(() => hub.members().size === members.length);
    members.push(await WsClient.connect(ws.url));
    await eventually(() => hub.members().size === members.length);
  }
  const sender = await LineClient.connect({ port: tcp.port });
  await eventually(() => hub.members().size === members.length + 1);
  sender.send('héllo, room');
  sender.send('second');
  for (const member of members) {
    if (member instanceof LineClient) {
      expect(await member.readLine()).toBe('héllo, room');
      expect(await member.readLine()).toBe('second');
    } else {
      expect(await member.next()).toBe('héllo, room');
      expect(await member.next()).toBe('second');
    }
  }
  expect(sender.received.length).toBe(0);
});
