import { connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { Reactor } from '../reactor/reactor.js';
import { eventually } from '../testing/eventually.js';
import { HUB } from '../tokens.js';

let reactor: Reactor | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await reactor?.close({ graceMs: 100 });
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket)).once('close', () => reject(new Error('closed before open')));
  });
}

/** Counts bytes and whether the socket has closed. */
function watch(socket: Socket): { bytes: number; closed: boolean; text: string } {
  const seen = { bytes: 0, closed: false, text: '' };
  socket.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
    seen.text = chunk.toString('latin1').slice(-64);
  });
  socket.on('close', () => (seen.closed = true));
  return seen;
}

it('counts drops and disconnects in stats(): drop keeps a peer that does not read, disconnect closes it', async () => {
  reactor = new Reactor();
  const hub = reactor.container.resolve(HUB);
  const joiner: Handler = { onOpen: (ctx: HandlerContext) => hub.join(ctx.connection) };
  const limits = { codec: 'lines', maxBufferedBytes: 64 * 1024 } as const;
  const dropping = reactor.listen('tcp://127.0.0.1:0', [joiner], { ...limits, slowConsumer: 'drop' });
  const closing = reactor.listen('tcp://127.0.0.1:0', [joiner], limits);
  await reactor.start();
  const [slowDrop, slowClose, reader] = await Promise.all([
    open(dropping.port),
    open(closing.port),
    open(closing.port),
  ]);
  slowDrop.pause();
  slowClose.pause();
  const [dropSeen, readerSeen] = [watch(slowDrop), watch(reader)];
  await eventually(() => hub.members().size === 3);

  // 256 KiB a turn until both policies have acted (bounded: 256 MiB at most).
  const line = 'x'.repeat(1023);
  let sent = 0;
  for (let turn = 0; turn < 1024; turn++) {
    const stats = reactor.stats();
    if (stats.slowConsumerDisconnects === 1 && stats.slowConsumerDrops > 1000) break;
    for (let i = 0; i < 256; i++) hub.broadcast(line);
    sent += 256 * 1024;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const stats = reactor.stats();
  expect(stats.slowConsumerDisconnects).toBe(1);
  expect(stats.slowConsumerDrops).toBeGreaterThan(1000);
  // The server closed the slow peer (a paused client may not notice); the reader got everything.
  await eventually(() => closing.connections === 1 && readerSeen.bytes === sent, 10_000);
  expect(dropping.connections).toBe(1);
  expect(dropSeen.closed).toBe(false);

  // The dropping peer reads again: it gets what was queued, then every later broadcast.
  slowDrop.resume();
  const before = reactor.stats().slowConsumerDrops;
  await eventually(() => hub.broadcast('caught up') > 0 && dropSeen.text.endsWith('caught up\n'), 10_000);
  expect(dropSeen.closed).toBe(false);
  expect(dropSeen.bytes).toBeLessThan(sent);
  expect(reactor.stats().slowConsumerDrops).toBe(before);
});
