import { writeSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handler } from '../handler/handler.js';
import type { Hub } from '../hub/hub.js';
import { Reactor } from '../reactor/reactor.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { WsClient } from '../testing/ws-client.js';
import { HUB } from '../tokens.js';
import type { DirectSend } from './direct-send.js';

/**
 * A DirectSend written in JavaScript (fs.writeSync on the socket's descriptor, which node:net keeps
 * non-blocking), so the fan-out's bookkeeping is tested without the addon; it can take everything,
 * half of each buffer, or nothing (EAGAIN), and counts its calls and the sends it made.
 */
function fakeDirectSend(take: 'all' | 'half' | 'none'): DirectSend & { calls: number; sends: number } {
  const fake = {
    calls: 0,
    sends: 0,
    sendEach(data: Uint8Array, fds: Int32Array, count: number, sent: Int32Array): void {
      fake.calls++;
      for (let i = 0; i < count; i++) {
        fake.sends++;
        const length = take === 'all' ? data.length : take === 'half' ? data.length >> 1 : 0;
        if (length === 0) {
          sent[i] = -11; // EAGAIN
          continue;
        }
        try {
          sent[i] = writeSync(fds[i]!, data, 0, length);
        } catch (err) {
          sent[i] = (err as NodeJS.ErrnoException).code === 'EAGAIN' ? -11 : -32;
        }
      }
    },
  };
  return fake;
}

/**
 * On every line N: a broadcast `N-a`, a direct write `N-direct` to every other member, a broadcast
 * `N-b`; every member hears them in that order.
 */
function mixer(at: { hub: Hub }): Handler<string> {
  return {
    onOpen: (ctx) => at.hub.join(ctx.connection),
    onMessage: (ctx, msg) => {
      at.hub.broadcast(`${msg}-a`, { except: ctx.connection });
      for (const member of at.hub.members()) if (member !== ctx.connection) member.write(`${msg}-direct`);
      at.hub.broadcast(`${msg}-b`, { except: ctx.connection });
    },
  };
}

const expectedFor = (lines: readonly string[]) => lines.flatMap((n) => [`${n}-a`, `${n}-direct`, `${n}-b`]);

describe.each(['all', 'half', 'none'] as const)('direct fan-out when the kernel takes %s', (take) => {
  const reactors: Reactor[] = [];
  afterEach(async () => {
    await Promise.all(reactors.splice(0).map((reactor) => reactor.close({ graceMs: 50 })));
  });

  async function serve(url: string, direct: DirectSend) {
    const at = {} as { hub: Hub };
    const reactor = new Reactor({ directSend: direct });
    reactors.push(reactor);
    at.hub = reactor.container.resolve(HUB);
    const listener = reactor.listen(url, [mixer(at)], { codec: 'lines' });
    await reactor.start();
    return { reactor, at, listener };
  }

  it('tcp: bursts of broadcasts and direct writes reach every member once and in order, counted', async () => {
    const direct = fakeDirectSend(take);
    const { reactor, at, listener } = await serve('tcp://127.0.0.1:0', direct);
    const clients = await Promise.all(Array.from({ length: 6 }, () => LineClient.connect({ port: listener.port })));
    await eventually(() => at.hub.members().size === 6);
    const before = reactor.stats();
    const lines = Array.from({ length: 40 }, (_, i) => String(i));
    // Lines in bursts (many broadcasts in one turn) and one by one.
    clients[0]!.send(lines.slice(0, 20).join('\n'));
    for (const line of lines.slice(20)) clients[0]!.send(line);
    const expected = expectedFor(lines);
    for (const client of clients.slice(1)) for (const line of expected) expect(await client.readLine()).toBe(line);
    expect(clients[0]!.received.length).toBe(0);
    expect(direct.calls).toBeGreaterThan(0);
    const after = reactor.stats();
    expect(after.messagesOut - before.messagesOut).toBe(5 * expected.length);
    const bytes = expected.reduce((sum, line) => sum + line.length + 1, 0);
    await eventually(() => reactor.stats().bytesOut - before.bytesOut === 5 * bytes);
    for (const client of clients) client.destroy();
  });

  it("tcp: an echo's replies (plain writes of bytes) go direct and arrive whole, in order, counted", async () => {
    const direct = fakeDirectSend(take);
    const reactor = new Reactor({ directSend: direct });
    reactors.push(reactor);
    const echo: Handler<Uint8Array> = { onMessage: (ctx, msg) => void ctx.connection.write(msg) };
    const listener = reactor.listen('tcp://127.0.0.1:0', [echo], { codec: 'raw' });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    // Round trips one at a time (each reply finds the socket idle), then a burst of 64 KiB chunks.
    const sent: Buffer[] = [];
    for (let i = 0; i < 20; i++) {
      const chunk = Buffer.from(`request ${i} ${'x'.repeat(i * 7)}`);
      sent.push(chunk);
      client.write(chunk);
      expect(await client.readBytes(Buffer.concat(sent).length)).toEqual(Buffer.concat(sent));
    }
    const burst = Buffer.alloc(8 * 65_536, 7);
    for (let i = 0; i < burst.length; i++) burst[i] = (i * 31) & 0xff;
    sent.push(burst);
    client.write(burst);
    const all = Buffer.concat(sent);
    expect((await client.readBytes(all.length, 10_000)).equals(all)).toBe(true);
    // Whatever the kernel took directly or Node wrote, every byte is counted once.
    await eventually(() => reactor.stats().bytesOut === all.length);
    if (take === 'none') expect(direct.sends).toBeGreaterThan(0);
    else expect(direct.calls).toBeGreaterThanOrEqual(20);
    client.destroy();
  });

  it('tcp: text broadcasts of one turn, encoded together, are the bytes each would be alone', async () => {
    const direct = fakeDirectSend(take);
    const reactor = new Reactor({ directSend: direct });
    reactors.push(reactor);
    const hub = reactor.container.resolve(HUB);
    // Raw text as it is: halves of a surrogate pair in two broadcasts stay two malformed characters.
    const parts = ['caf\u00e9 ', '\ud83d', '\ude00', ' \u{1f600}\n', '', '\udc00end'];
    const relay: Handler<Uint8Array> = {
      onOpen: (ctx) => hub.join(ctx.connection),
      onMessage: (ctx) => {
        for (const part of parts) hub.broadcast(part, { except: ctx.connection });
      },
    };
    const listener = reactor.listen('tcp://127.0.0.1:0', [relay], { codec: 'raw' });
    await reactor.start();
    const clients = await Promise.all(Array.from({ length: 3 }, () => LineClient.connect({ port: listener.port })));
    await eventually(() => hub.members().size === 3);
    clients[0]!.write(Buffer.from('go'));
    const expected = Buffer.concat(parts.map((part) => Buffer.from(part)));
    for (const client of clients.slice(1)) expect(await client.readBytes(expected.length)).toEqual(expected);
    for (const client of clients) client.destroy();
  });

  it('ws: text broadcasts framed once reach every member once and in order with direct writes', async () => {
    const direct = fakeDirectSend(take);
    const { at, listener } = await serve('ws://127.0.0.1:0/', direct);
    const clients = await Promise.all(Array.from({ length: 4 }, () => WsClient.connect(listener.url)));
    await eventually(() => at.hub.members().size === 4);
    const lines = Array.from({ length: 30 }, (_, i) => `${i} ${'é'.repeat(i * 10)}`);
    for (const line of lines) clients[0]!.send(line);
    for (const client of clients.slice(1))
      for (const line of expectedFor(lines)) expect(await client.next()).toBe(line);
    expect(direct.calls).toBeGreaterThan(0);
    for (const client of clients) client.ws.terminate();
  });

  it('ws: a text broadcast to byte (raw) members stays a binary message (only tcp fan-outs take text)', async () => {
    const direct = fakeDirectSend(take);
    const reactor = new Reactor({ directSend: direct });
    reactors.push(reactor);
    const hub = reactor.container.resolve(HUB);
    const relay: Handler<Uint8Array> = {
      onOpen: (ctx) => hub.join(ctx.connection),
      onMessage: (ctx) => {
        hub.broadcast('caf\u00e9', { except: ctx.connection });
        hub.broadcast('two', { except: ctx.connection });
      },
    };
    const listener = reactor.listen('ws://127.0.0.1:0/', [relay], { codec: 'raw' });
    await reactor.start();
    const clients = await Promise.all(Array.from({ length: 3 }, () => WsClient.connect(listener.url)));
    await eventually(() => hub.members().size === 3);
    clients[0]!.send(Buffer.from('go'));
    for (const client of clients.slice(1)) {
      expect(await client.next()).toEqual(Buffer.from('caf\u00e9'));
      expect(await client.next()).toEqual(Buffer.from('two'));
    }
    expect(direct.calls).toBeGreaterThan(0);
    for (const client of clients) client.ws.terminate();
  });
});
