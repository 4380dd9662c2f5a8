import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { SwitchboardError } from '../errors.js';
import type { Handler } from '../handler/handler.js';
import { eventually } from '../testing/eventually.js';
import { hasOpenssl } from '../testing/self-signed-certificate.js';
import { createTestCertificateAuthority } from '../testing/test-certificate-authority.js';
import type { ReconnectingInfo } from './reconnecting-client.js';
import { Reactor } from './reactor.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(reactor: Reactor): Reactor {
  cleanups.push(() => reactor.close({ graceMs: 100 }));
  return reactor;
}

/** A TCP server that accepts and never says a word: no TLS handshake, no HTTP answer. */
async function silentServer(): Promise<{ port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.resume(); // read (and drop) what the client sends, so that its FIN is seen
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as { port: number }).port, sockets };
}

const echo: Handler<string> = { onMessage: (ctx, line) => void ctx.write(line) };

/** A line client handler that remembers what it hears. */
function listenerOf(): { heard: string[]; opened: Connection[]; handler: Handler<string> } {
  const heard: string[] = [];
  const opened: Connection[] = [];
  return {
    heard,
    opened,
    handler: { onOpen: (ctx) => void opened.push(ctx.connection), onMessage: (_ctx, line) => void heard.push(line) },
  };
}

async function echoServer(port = 0): Promise<{ reactor: Reactor; url: string }> {
  const reactor = track(new Reactor());
  const listener = reactor.listen(`tcp://127.0.0.1:${port}`, [echo], { codec: 'lines' });
  await reactor.start();
  return { reactor, url: listener.url };
}

describe('reactor.connect bounds', () => {
  it.each(['tls', 'ws'])(
    'fails a %s connect that never completes with ETIMEDOUT and leaves no socket',
    async (scheme) => {
      const { port, sockets } = await silentServer();
      const reactor = track(new Reactor());
      const url = `${scheme}://127.0.0.1:${port}${scheme === 'ws' ? '/x' : ''}`;
      const failure = reactor.connect(url, [echo], { connectTimeout: 150, codec: 'lines' });
      await expect(failure).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      await expect(failure).rejects.toThrow(`"${url}"`);
      await eventually(() => sockets.size === 0);
    },
  );

  it('stops a connect in progress when the reactor closes, and destroys its socket', async () => {
    const { port, sockets } = await silentServer();
    const reactor = new Reactor();
    const attempt = reactor.connect(`tls://127.0.0.1:${port}`, [echo], { connectTimeout: 60_000 });
    await eventually(() => sockets.size === 1);
    await reactor.close({ graceMs: 0 });
    await expect(attempt).rejects.toMatchObject({ code: 'REACTOR_CLOSED' });
    await eventually(() => sockets.size === 0);
  });

  it('stops a connect when its signal aborts', async () => {
    const { port, sockets } = await silentServer();
    const reactor = track(new Reactor());
    const controller = new AbortController();
    const attempt = reactor.connect(`ws://127.0.0.1:${port}/x`, [echo], { signal: controller.signal });
    await eventually(() => sockets.size === 1);
    controller.abort();
    await expect(attempt).rejects.toMatchObject({ code: 'REACTOR_CLOSED' });
    await eventually(() => sockets.size === 0);
  });

  it('refuses a bad connectTimeout or reconnect option at once', async () => {
    const reactor = track(new Reactor());
    await expect(reactor.connect('tcp://127.0.0.1:1', [echo], { connectTimeout: 0 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    const reconnect = { initialDelayMs: 100, maxDelayMs: 10 };
    await expect(reactor.connect('tcp://127.0.0.1:1', [echo], { reconnect })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });
});

describe('reactor.connect with reconnect', () => {
  it('re-attaches on its own when the server goes down and comes back', async () => {
    const first = await echoServer();
    const port = Number(new URL(first.url).port);
    const clientReactor = track(new Reactor());
    const retries: ReconnectingInfo[] = [];
    const back: Connection[] = [];
    clientReactor.on('reconnecting', (info) => retries.push(info));
    clientReactor.on('reconnected', (connection) => back.push(connection));
    const { heard, opened, handler } = listenerOf();
    const reconnect = { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 200 };
    const client = await clientReactor.connect(first.url, [handler], { reconnect, codec: 'lines' });
    client.connection!.write('one');
    await eventually(() => heard.includes('one'));

    await first.reactor.close({ graceMs: 0 });
    await eventually(() => client.connection === undefined && retries.length >= 2);
    expect(retries[0]!.error).toBeUndefined(); // the connection was lost
    expect(retries[1]!.error?.code).toBe('ECONNREFUSED');
    expect(retries.every((r) => r.delayMs <= 100)).toBe(true);

    await echoServer(port);
    const again = await client.connected();
    expect(back).toEqual([again]);
    expect(opened).toHaveLength(2);
    again.write('two');
    await eventually(() => heard.includes('two'));
    client.close();
    await eventually(() => !again.isOpen);
  });

  it('gives up after maxAttempts with RECONNECT_GAVE_UP, holding nothing', async () => {
    const { reactor: gone, url } = await echoServer();
    await gone.close({ graceMs: 0 });
    const reactor = track(new Reactor());
    const gaveUp: { attempts: number; error: SwitchboardError }[] = [];
    reactor.on('gaveUp', (info) => gaveUp.push(info));
    let retries = 0;
    reactor.on('reconnecting', () => retries++);
    const reconnect = { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };
    await expect(reactor.connect(url, [echo], { reconnect })).rejects.toMatchObject({ code: 'RECONNECT_GAVE_UP' });
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatchObject({ attempts: 3, error: { code: 'ECONNREFUSED' } });
    expect(retries).toBe(2);
  });

  it('backs off from a server that accepts and drops the client at once, instead of redialling at the initial delay', async () => {
    const { port, sockets } = await silentServer();
    const dropAll = setInterval(() => sockets.forEach((socket) => socket.destroy()), 2);
    cleanups.push(() => clearInterval(dropAll));
    const reactor = track(new Reactor());
    const delays: number[] = [];
    reactor.on('reconnecting', (info: ReconnectingInfo) => delays.push(info.delayMs));
    const reconnect = { initialDelayMs: 4, maxDelayMs: 1000, factor: 2 };
    void reactor.connect(`tcp://127.0.0.1:${port}`, [echo], { reconnect }).catch(() => undefined);
    await eventually(() => delays.length >= 5, 10_000);
    // Jitter keeps each delay between half and all of initial × 2^(n−1): the fifth is at least 32 ms.
    expect(delays[4]).toBeGreaterThanOrEqual(32);
  });

  it('stops retrying when the reactor closes', async () => {
    const { reactor: gone, url } = await echoServer();
    await gone.close({ graceMs: 0 });
    const reactor = new Reactor();
    let retries = 0;
    reactor.on('reconnecting', () => retries++);
    const client = reactor.connect(url, [echo], { reconnect: { initialDelayMs: 5, maxDelayMs: 5 } });
    await eventually(() => retries >= 2);
    await reactor.close({ graceMs: 0 });
    await expect(client).rejects.toMatchObject({ code: 'REACTOR_CLOSED' });
    const after = retries;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(retries).toBe(after);
  });
});

describe.skipIf(!hasOpenssl)('TLS clients and mTLS listeners', () => {
  const authority = hasOpenssl ? createTestCertificateAuthority() : undefined;
  const server = authority?.issue('server');
  const client = authority?.issue('client');

  it.each(['tls', 'wss'])(
    '%s: a client without a certificate is refused; one with a certificate is served',
    async (scheme) => {
      const reactor = track(new Reactor());
      const refused: string[] = [];
      reactor.on('refused', (info) => refused.push(info.error.code));
      const served: Connection[] = [];
      const greet: Handler<string> = { onOpen: (ctx) => void served.push(ctx.connection), onMessage: echo.onMessage };
      const path = scheme === 'wss' ? '/secure' : '';
      const tls = { cert: server!.cert, key: server!.key, ca: authority!.ca };
      const listener = reactor.listen(`${scheme}://127.0.0.1:0${path}`, [greet], { tls, codec: 'lines' });
      await reactor.start();

      const clients = track(new Reactor());
      const anonymous = clients.connect(listener.url, [echo], { tls: { ca: authority!.ca }, connectTimeout: 3000 });
      // TLS 1.3 may finish the client's side before the server checks: then the connection drops at once.
      const outcome = await anonymous.then(
        (connection) => eventually(() => !connection.isOpen).then(() => 'dropped'),
        (err: SwitchboardError) => err.code,
      );
      expect(outcome).toBeTruthy();
      await eventually(() => refused.includes('TLS_HANDSHAKE_FAILED'));
      expect(served).toHaveLength(0);

      const { heard, handler } = listenerOf();
      const withCert = { ca: authority!.ca, cert: client!.cert, key: client!.key };
      const connection = await clients.connect(listener.url, [handler], { tls: withCert, codec: 'lines' });
      connection.write('hello');
      await eventually(() => heard.includes('hello'));
      expect(served).toHaveLength(1);
    },
  );

  it('checks the server certificate: refused without the CA, accepted with it or with rejectUnauthorized false', async () => {
    const reactor = track(new Reactor());
    const listener = reactor.listen('tls://127.0.0.1:0', [echo], { tls: { cert: server!.cert, key: server!.key } });
    await reactor.start();
    const clients = track(new Reactor());
    await expect(clients.connect(listener.url, [echo])).rejects.toThrow(/unable to verify|self.signed|UNABLE_TO/i);
    const trusted = await clients.connect(listener.url, [echo], { tls: { ca: authority!.ca } });
    const insecure = await clients.connect(listener.url, [echo], { tls: { rejectUnauthorized: false } });
    expect(trusted.isOpen && insecure.isOpen).toBe(true);
  });
});
