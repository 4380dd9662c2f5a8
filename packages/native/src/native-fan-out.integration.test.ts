import type { Socket } from 'node:net';
import { HUB, type Handler, type HandlerContext, type Hub } from '@switchboard/core';
import { eventually, LineClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeLoop } from './native-transport.js';
import { interleaved, interleaver } from './testing/interleaver.js';
import { openSocket } from './testing/open-socket.js';
import { ServeOn, TRANSPORTS } from './testing/serve-on.js';
import { WriteProgram } from './write-program.js';
import { WriteQueue } from './write-queue.js';

/** Joins the hub (its reactor's, set once the reactor is made) and relays every line to the others. */
function relay(at: { hub: Hub }): Handler<string> {
  return {
    onOpen: (ctx: HandlerContext) => at.hub.join(ctx.connection),
    onMessage: (ctx: HandlerContext, msg: string) => void at.hub.broadcast(msg, { except: ctx.connection }),
  };
}

/** Counts the bytes a socket received, keeps the last few, and whether it closed. */
function watch(socket: Socket): { bytes: number; closed: boolean; text: string } {
  const seen = { bytes: 0, closed: false, text: '' };
  socket.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
    seen.text = (seen.text + chunk.toString('latin1')).slice(-64);
  });
  socket.on('close', () => (seen.closed = true));
  return seen;
}

// The Hub's broadcasts on the native transport leave through its fan-out (one program record per
// broadcast for every member); on the JS transport, one write per member. Same answers on both.
describe.each(TRANSPORTS)('Hub broadcasts on the %s transport', (transport) => {
  const on = new ServeOn(transport);
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await on.closeAll();
  });

  it('reaches every member but the sender, in order, with stats counting every byte and message', async () => {
    const at = {} as { hub: Hub };
    const { reactor, port } = await on.serve([{ onOpen: (ctx) => at.hub.join(ctx.connection) }], { codec: 'lines' });
    at.hub = reactor.container.resolve(HUB);
    const members = await Promise.all(Array.from({ length: 20 }, () => LineClient.connect({ port })));
    const sender = reactor.listen('tcp://127.0.0.1:0', [relay(at)], { codec: 'lines', transport });
    await reactor.start();
    const talker = await LineClient.connect({ port: sender.port });
    await eventually(() => at.hub.members().size === 21);
    const before = reactor.stats();
    // On the native transport every byte leaves through the turn's program: no per-connection send.
    const perConnection = vi.spyOn(WriteQueue.prototype, 'drainInto');
    const programs = vi.spyOn(WriteProgram.prototype, 'run');
    // Bursts of lines in one read and lines over many turns.
    for (let burst = 0; burst < 20; burst++)
      talker.send(Array.from({ length: 10 }, (_, i) => burst * 10 + i).join('\n'));
    for (const member of members) for (let n = 0; n < 200; n++) expect(await member.readLine()).toBe(String(n));
    expect(talker.received.length).toBe(0);
    const expected = 20 * Array.from({ length: 200 }, (_, n) => `${n}\n`.length).reduce((a, b) => a + b);
    const after = reactor.stats();
    expect(after.bytesOut - before.bytesOut).toBe(expected);
    expect(after.messagesOut - before.messagesOut).toBe(20 * 200);
    if (transport === 'native') {
      expect(perConnection).not.toHaveBeenCalled();
      expect(programs).toHaveBeenCalled();
    }
    vi.restoreAllMocks();
  });

  it("keeps a member's direct writes and broadcasts in the order they were made", async () => {
    const at = {} as { hub: Hub };
    const { reactor, port } = await on.serve([interleaver(at)], { codec: 'lines' });
    at.hub = reactor.container.resolve(HUB);
    const clients = await Promise.all(Array.from({ length: 5 }, () => LineClient.connect({ port })));
    await eventually(() => at.hub.members().size === 5);
    clients[0]!.send('1\n2');
    for (const client of clients.slice(1)) {
      for (const line of interleaved(['1', '2'])) expect(await client.readLine()).toBe(line);
    }
  });

  it('skips members that closed or are closing, and members that left', async () => {
    const at = {} as { hub: Hub };
    const { reactor, port } = await on.serve([relay(at)], { codec: 'lines' });
    at.hub = reactor.container.resolve(HUB);
    const [talker, stays, leaves, ends, goes] = await Promise.all(
      Array.from({ length: 5 }, () => LineClient.connect({ port })),
    );
    await eventually(() => at.hub.members().size === 5);
    const byPeer = (client: LineClient) =>
      [...at.hub.members()].find((m) => m.remote.port === client.socket.localPort)!;
    const gone = byPeer(goes!);
    at.hub.leave(byPeer(leaves!));
    byPeer(ends!).end();
    goes!.destroy();
    await eventually(() => !at.hub.members().has(gone));
    talker!.send('after');
    expect(await stays!.readLine()).toBe('after');
    stays!.send('sync');
    expect(await talker!.readLine()).toBe('sync');
    expect(leaves!.received.length).toBe(0);
    expect(ends!.received.length).toBe(0);
  });

  it('slow consumers: drop skips a peer that does not read, disconnect closes it, readers get every byte', async () => {
    const at = {} as { hub: Hub };
    const joiner: Handler = { onOpen: (ctx: HandlerContext) => at.hub.join(ctx.connection) };
    const limits = { codec: 'lines', maxBufferedBytes: 64 * 1024 } as const;
    const dropping = await on.serve([joiner], { ...limits, slowConsumer: 'drop' });
    const reactor = dropping.reactor;
    at.hub = reactor.container.resolve(HUB);
    const closing = reactor.listen('tcp://127.0.0.1:0', [joiner], { ...limits, transport });
    await reactor.start();
    const [slowDrop, slowClose, reader] = await Promise.all([
      openSocket(dropping.port, sockets),
      openSocket(closing.port, sockets),
      openSocket(closing.port, sockets),
    ]);
    slowDrop.pause();
    slowClose.pause();
    const [dropSeen, readerSeen] = [watch(slowDrop), watch(reader)];
    await eventually(() => at.hub.members().size === 3);

    // 256 KiB a turn until both policies have acted (bounded: 256 MiB at most).
    const line = 'x'.repeat(1023);
    let sent = 0;
    for (let turn = 0; turn < 1024; turn++) {
      const stats = reactor.stats();
      if (stats.slowConsumerDisconnects === 1 && stats.slowConsumerDrops > 1000) break;
      for (let i = 0; i < 256; i++) at.hub.broadcast(line);
      sent += 256 * 1024;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = reactor.stats();
    expect(stats.slowConsumerDisconnects).toBe(1);
    expect(stats.slowConsumerDrops).toBeGreaterThan(1000);
    await eventually(() => closing.connections === 1 && readerSeen.bytes === sent, 10_000);
    expect(dropSeen.closed).toBe(false);
    // What a slow member holds stays bounded: about the limit and one turn, not everything sent.
    const slow = [...at.hub.members()].find((m) => m.remote.port === slowDrop.localPort)!;
    expect(slow.bufferedBytes).toBeLessThan(64 * 1024 + 2 * 256 * 1024);

    // The dropping peer reads again: it gets what was queued, then every later broadcast.
    slowDrop.resume();
    await eventually(() => at.hub.broadcast('caught up') > 0 && dropSeen.text.endsWith('caught up\n'), 10_000);
    expect(dropSeen.closed).toBe(false);
  });

  it('a receiver that falls behind and catches up gets every line once, in order', async () => {
    const at = {} as { hub: Hub };
    const joiner: Handler = { onOpen: (ctx: HandlerContext) => at.hub.join(ctx.connection) };
    const { reactor, port } = await on.serve([joiner], { codec: 'lines', maxBufferedBytes: 64 * 1024 * 1024 });
    at.hub = reactor.container.resolve(HUB);
    const [slow, quick] = await Promise.all([openSocket(port, sockets), openSocket(port, sockets)]);
    slow.pause();
    const received = { slow: '', quick: '' };
    slow.on('data', (chunk: Buffer) => (received.slow += chunk.toString('latin1')));
    quick.on('data', (chunk: Buffer) => (received.quick += chunk.toString('latin1')));
    await eventually(() => at.hub.members().size === 2);
    const member = [...at.hub.members()].find((m) => m.remote.port === slow.localPort)!;
    // Numbered 1 KiB lines, 64 a turn, until the paused receiver has some queued (bounded: 32 MiB).
    const pad = 'x'.repeat(1000);
    let n = 0;
    for (let turn = 0; turn < 512 && member.bufferedBytes === 0; turn++) {
      for (let i = 0; i < 64; i++) at.hub.broadcast(`${n++} ${pad}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(member.bufferedBytes).toBeGreaterThan(0);
    // A few more turns while it is behind, then it reads again.
    for (let turn = 0; turn < 8; turn++) {
      for (let i = 0; i < 64; i++) at.hub.broadcast(`${n++} ${pad}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    slow.resume();
    const expected = Array.from({ length: n }, (_, i) => `${i} ${pad}\n`).join('');
    await eventually(() => received.slow.length >= expected.length && received.quick.length >= expected.length, 10_000);
    // Caught up: the next broadcasts reach it through the fan-out again.
    at.hub.broadcast('last');
    await eventually(() => received.slow.endsWith('last\n') && received.quick.endsWith('last\n'));
    expect(received.slow).toBe(`${expected}last\n`);
    expect(received.quick).toBe(`${expected}last\n`);
  });

  it('leaves no link, socket or fan-out member behind once members close', async () => {
    const at = {} as { hub: Hub };
    const { reactor, port } = await on.serve([relay(at)], { codec: 'lines' });
    at.hub = reactor.container.resolve(HUB);
    const clients = await Promise.all(Array.from({ length: 50 }, () => LineClient.connect({ port })));
    await eventually(() => at.hub.members().size === 50);
    clients[0]!.send('bye all');
    for (const client of clients.slice(1)) expect(await client.readLine()).toBe('bye all');
    for (const client of clients) client.destroy();
    await eventually(() => at.hub.members().size === 0 && reactor.stats().connections === 0);
    if (transport === 'native') expect(nativeLoop()!.connections).toBe(0);
    expect(at.hub.rooms().size).toBe(0);
  });
});
