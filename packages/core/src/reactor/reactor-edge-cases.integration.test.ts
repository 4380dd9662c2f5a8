import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { handler } from '../handler/handler-decorator.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { createSelfSignedCertificate, hasOpenssl } from '../testing/self-signed-certificate.js';
import type { RefusedConnection } from './reactor-events.js';
import { Reactor } from './reactor.js';

const answer: Handler<string> = { onMessage: (ctx: HandlerContext, msg: string) => void ctx.write(`got ${msg}`) };

let reactor: Reactor | undefined;
const sockets: Socket[] = [];
let upstream: Server | undefined;
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await reactor?.close({ graceMs: 100 });
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  reactor = upstream = undefined;
});

/** A raw TCP connection that sends nothing: no TLS handshake, no HTTP upgrade. */
async function silentSocket(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

describe('shutdown with sockets the reactor never accepted', () => {
  it('does not wait for a client that never sent its WebSocket upgrade', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('ws://127.0.0.1:0/chat', [answer]);
    await reactor.start();
    await silentSocket(listener.port);
    const started = Date.now();
    await reactor.close({ graceMs: 100 });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it.skipIf(!hasOpenssl)('does not wait for a client that never started its TLS handshake', async () => {
    const { cert, key } = createSelfSignedCertificate();
    reactor = new Reactor();
    const listener = reactor.listen('tls://127.0.0.1:0', [answer], { codec: 'lines', tls: { cert, key } });
    await reactor.start();
    await silentSocket(listener.port);
    const started = Date.now();
    await reactor.close({ graceMs: 100 });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('graceful shutdown timing', () => {
  it('gives a client that keeps its side open the whole grace period, then cuts it off', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [answer], { codec: 'lines' });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.endOnServerEnd = false;
    await eventually(() => reactor!.stats().connections === 1);
    const started = Date.now();
    await reactor.close({ graceMs: 2600 });
    // The transports' own 2 s close timer must not cut the grace short.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    await client.waitForClose();
  });

  it('overlapping start() calls bind once, and close() frees the port', async () => {
    reactor = new Reactor();
    const listening: string[] = [];
    reactor.on('listening', ({ url }) => listening.push(url));
    const listener = reactor.listen('tcp://127.0.0.1:0', [answer], { codec: 'lines' });
    await Promise.all([reactor.start(), reactor.start()]);
    expect(listening).toEqual([listener.url]);
    await reactor.close({ graceMs: 50 });
    await expect(LineClient.connect({ port: listener.port }, 1000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('outbound channels', () => {
  it('send no goodbye or ERROR notice into the upstream protocol', async () => {
    const received: Buffer[] = [];
    upstream = createServer((socket) => {
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('end', () => socket.end());
    });
    await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as { port: number }).port;
    reactor = new Reactor();
    const hello: Handler = { onOpen: (ctx) => void ctx.write('HELLO') };
    await reactor.connect(`tcp://127.0.0.1:${port}`, [hello], { codec: 'lines' });
    await eventually(() => Buffer.concat(received).length > 0);
    await reactor.close({ graceMs: 500 });
    expect(Buffer.concat(received).toString()).toBe('HELLO\n');
  });
});

describe('a per-connection handler whose constructor throws', () => {
  it('refuses that connection with HANDLER_FAILED and keeps serving', async () => {
    let built = 0;
    @handler('licensed', { framing: 'lines' })
    class LicensedHandler implements Handler<string> {
      constructor() {
        // The first instance is built at listen() to check injection; the third is refused.
        if (++built === 3) throw new Error('out of licences');
      }
      onMessage(ctx: HandlerContext, msg: string): void {
        ctx.write(`licensed ${msg}`);
      }
    }
    reactor = new Reactor();
    const refused: RefusedConnection[] = [];
    reactor.on('refused', (info) => refused.push(info));
    const listener = reactor.listen('tcp://127.0.0.1:0', [LicensedHandler], { codec: 'lines' });
    await reactor.start();
    const first = await LineClient.connect({ port: listener.port });
    first.send('one');
    expect(await first.readLine()).toBe('licensed one');
    const second = await LineClient.connect({ port: listener.port });
    expect(await second.readLine()).toBe('ERROR HANDLER_FAILED internal error');
    await second.waitForClose();
    expect(refused.map((r) => r.error.code)).toEqual(['HANDLER_FAILED']);
    const third = await LineClient.connect({ port: listener.port });
    third.send('three');
    expect(await third.readLine()).toBe('licensed three');
    first.send('still here');
    expect(await first.readLine()).toBe('licensed still here');
  });
});
