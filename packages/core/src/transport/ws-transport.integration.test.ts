import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../channel/channel.js';
import type { Connection } from '../channel/connection.js';
import type { SwitchboardError } from '../errors.js';
import type { Handler } from '../handler/handler.js';
import type { Hub } from '../hub/hub.js';
import { Reactor } from '../reactor/reactor.js';
import { DEFAULT_GOODBYE, type ListenOptions } from '../reactor/reactor-options.js';
import { LineClient } from '../testing/line-client.js';
import { WsClient } from '../testing/ws-client.js';
import { HUB } from '../tokens.js';
import type { HttpRequestHandler } from './transport.js';
import { WsTransport } from './ws-transport.js';
import { eventually } from '../testing/eventually.js';
import { createSelfSignedCertificate, hasOpenssl } from '../testing/self-signed-certificate.js';

const echo: Handler<string | Uint8Array> = {
  onMessage: (ctx, msg) => void ctx.write(msg),
};

let reactor: Reactor | undefined;
afterEach(async () => {
  await reactor?.close({ graceMs: 200 });
  reactor = undefined;
});

async function serve(path: string, handlers: Handler[], options: ListenOptions = {}) {
  reactor ??= new Reactor();
  const scheme = options.tls ? 'wss' : 'ws';
  const listener = reactor.listen(`${scheme}://127.0.0.1:0${path}`, handlers, options);
  await reactor.start();
  return { reactor, listener, url: listener.url };
}

/** Sends raw bytes to the port and collects the HTTP answer until the server closes. */
function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    let answer = '';
    const timer = setTimeout(() => socket.destroy(new Error('no answer within 5 s')), 5000);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

function httpGet(url: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

function nextEvent<T>(register: (resolve: (value: T) => void) => void, what: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('messages', () => {
  it('echoes text as text and binary byte-exact as binary', async () => {
    const { url } = await serve('/echo', [echo]);
    const client = await WsClient.connect(url);
    client.send('héllo wörld');
    expect(await client.next()).toBe('héllo wörld');
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    client.send(bytes);
    const back = await client.next();
    expect(Buffer.isBuffer(back)).toBe(true);
    expect(Buffer.compare(back as Buffer, bytes)).toBe(0);
  });

  it('names the peer by its TCP address, never by X-Forwarded-For', async () => {
    const { url, reactor: r } = await serve('/echo', [echo]);
    const connected = nextEvent<Connection>((resolve) => r.once('connection', resolve), 'connection');
    await WsClient.connect(url, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    const channel = await connected;
    expect(channel.remote).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(channel.peer).toBe(`127.0.0.1:${channel.remote.port}`);
  });

  it('reassembles a fragmented message before the handler sees it', async () => {
    const seen: unknown[] = [];
    const { url } = await serve('/echo', [
      { onMessage: (ctx, msg) => (seen.push(msg), void ctx.write(msg as string)) },
    ]);
    const client = await WsClient.connect(url);
    client.ws.send('frag', { fin: false });
    client.ws.send('men', { fin: false });
    client.ws.send('ted', { fin: true });
    expect(await client.next()).toBe('fragmented');
    expect(seen).toEqual(['fragmented']);
  });

  it('answers pings with pongs', async () => {
    const { url } = await serve('/echo', [echo]);
    const client = await WsClient.connect(url);
    const pong = nextEvent<Buffer>((resolve) => client.ws.once('pong', resolve), 'pong');
    client.ws.ping('are you there');
    expect((await pong).toString()).toBe('are you there');
  });

  it('puts a telnet client and a browser in one room: lines become text messages and back', async () => {
    reactor = new Reactor();
    const hub = reactor.container.resolve<Hub>(HUB);
    const room: Handler<string> = {
      onOpen: (ctx) => hub.join(ctx.connection),
      onMessage: (ctx, msg) => void hub.broadcast(msg, { except: ctx.connection }),
      onClose: (ctx) => hub.leave(ctx.connection),
    };
    const tcp = reactor.listen('tcp://127.0.0.1:0', [room], { codec: 'lines' });
    const ws = reactor.listen('ws://127.0.0.1:0/chat', [room]);
    await reactor.start();
    const telnet = await LineClient.connect({ port: tcp.port });
    const browser = await WsClient.connect(ws.url);
    await eventually(() => hub.members().size === 2);
    telnet.send('hello from telnet', '\r\n');
    expect(await browser.next()).toBe('hello from telnet');
    browser.send('hello from the browser');
    expect(await telnet.readLine()).toBe('hello from the browser');
    expect(telnet.received.toString()).toBe('hello from the browser\n');
    telnet.socket.destroy();
  });
});

describe('closing', () => {
  it('closes cleanly with 1000 either way', async () => {
    const { url, reactor: r } = await serve('/echo', [
      { onMessage: (ctx, msg) => (msg === 'bye' ? ctx.close() : void ctx.write(msg as string)) },
    ]);
    const closedOnServer = nextEvent<Connection>((resolve) => r.once('close', resolve), 'close event');
    const first = await WsClient.connect(url);
    first.close(1000, 'done');
    expect((await first.waitForClose()).code).toBe(1000);
    await closedOnServer;
    const second = await WsClient.connect(url);
    second.send('bye');
    expect((await second.waitForClose()).code).toBe(1000);
  });

  it('closes with 1001 on shutdown, the goodbye as its reason and not as a message', async () => {
    const { url, reactor: r } = await serve('/echo', [echo]);
    const client = await WsClient.connect(url);
    const closing = r.close({ graceMs: 1000 });
    expect(await client.waitForClose()).toEqual({ code: 1001, reason: DEFAULT_GOODBYE });
    await expect(client.next()).rejects.toThrow(/closed before a message arrived/);
    await closing;
  });

  it('closes with 1011 and a generic notice when a handler throws', async () => {
    const { url } = await serve('/boom', [
      {
        onMessage: () => {
          throw new Error('secret detail');
        },
      },
    ]);
    const client = await WsClient.connect(url);
    client.send('x');
    expect(await client.waitForClose()).toEqual({ code: 1011, reason: 'HANDLER_FAILED internal error' });
    await expect(client.next()).rejects.toThrow(/closed before a message arrived/);
  });

  it('closes an idle peer with 1008 IDLE_TIMEOUT, the reason in the close frame only', async () => {
    const { url } = await serve('/idle', [echo], { idleTimeout: 100 });
    const client = await WsClient.connect(url);
    const closed = await client.waitForClose();
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^IDLE_TIMEOUT/);
    await expect(client.next()).rejects.toThrow(/closed before a message arrived/);
  });

  it('sends the ERROR line as a text message too when the listener asks for notices', async () => {
    const { url } = await serve('/idle-told', [echo], { idleTimeout: 100, notices: true });
    const client = await WsClient.connect(url);
    expect(await client.nextText()).toMatch(/^ERROR IDLE_TIMEOUT/);
    expect((await client.waitForClose()).code).toBe(1008);
  });

  it('tells onIdle of every quiet spell on a connection it keeps open, as on TCP', async () => {
    let idles = 0;
    const patient: Handler = { onIdle: () => void idles++ };
    const { url } = await serve('/patient', [patient, echo], { idleTimeout: 80 });
    const client = await WsClient.connect(url);
    await eventually(() => idles >= 3, 3000);
    client.send('still here');
    expect(await client.next()).toBe('still here');
  });
});

describe('limits', () => {
  it('closes an oversize message with 1009, reports PAYLOAD_TOO_LARGE, and serves the others', async () => {
    const { url, reactor: r } = await serve('/echo', [echo], { maxPayload: 1024 });
    const errors: SwitchboardError[] = [];
    r.on('error', (err) => errors.push(err));
    const bystander = await WsClient.connect(url);
    const big = await WsClient.connect(url);
    big.send(Buffer.alloc(1025, 1));
    expect((await big.waitForClose()).code).toBe(1009);
    await eventually(() => errors.length > 0);
    expect(errors.map((e) => e.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    bystander.send(Buffer.alloc(1024, 2));
    expect((await bystander.next()).length).toBe(1024);
  });

  it('closes a peer that breaks the protocol (invalid UTF-8 text) with 1007, reports PROTOCOL_ERROR', async () => {
    const { url, reactor: r } = await serve('/echo', [echo]);
    const errors: SwitchboardError[] = [];
    r.on('error', (err) => errors.push(err));
    const bystander = await WsClient.connect(url);
    const rogue = await WsClient.connect(url);
    rogue.ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    expect((await rogue.waitForClose()).code).toBe(1007);
    await eventually(() => errors.length > 0);
    expect(errors.map((e) => e.code)).toEqual(['PROTOCOL_ERROR']);
    bystander.send('still here');
    expect(await bystander.next()).toBe('still here');
  });

  it('refuses a client over maxConnections before its upgrade, with HTTP 503', async () => {
    const { url } = await serve('/echo', [echo], { maxConnections: 1 });
    const first = await WsClient.connect(url);
    // The slot check runs on the raw socket, before the HTTP request is read: no WebSocket to close.
    await expect(WsClient.connect(url)).rejects.toThrow(/503/);
    first.send('still here');
    expect(await first.next()).toBe('still here');
  });

  it('drops a peer that stops answering pings, keeps one that answers', async () => {
    const { url } = await serve('/echo', [echo], { heartbeatMs: 50 });
    const silent = await WsClient.connect(url, { autoPong: false });
    const lively = await WsClient.connect(url);
    expect((await silent.waitForClose(2000)).code).toBe(1006);
    await new Promise((resolve) => setTimeout(resolve, 200));
    lively.send('alive');
    expect(await lively.next()).toBe('alive');
  });

  it('honours backpressure: write is false while the client reads nothing, onWritable follows', async () => {
    const chunk = Buffer.alloc(16 * 1024, 7);
    let sent = 0;
    let refusedAt = -1;
    const writable = deferred();
    const blocked = deferred();
    const { url } = await serve('/flood', [
      {
        onMessage: (ctx) => {
          while (sent < 20_000) {
            sent++;
            if (!ctx.write(chunk)) break;
          }
          refusedAt = sent;
          expect(ctx.connection.bufferedBytes).toBeGreaterThan(64 * 1024);
          blocked.resolve();
        },
        onWritable: () => writable.resolve(),
      },
    ]);
    const client = await WsClient.connect(url);
    client.ws.pause();
    client.send('go');
    await blocked.promise;
    expect(refusedAt).toBeLessThan(20_000);
    client.ws.resume();
    await writable.promise;
    for (let i = 0; i < sent; i++) expect((await client.next()).length).toBe(chunk.length);
  });
});

describe('HTTP', () => {
  it('answers an upgrade with huge headers with 431, bounded by Node, and keeps serving', async () => {
    const { url, listener } = await serve('/echo', [echo]);
    // 64 headers of 2 KiB: past Node's 16 KiB header limit, read no further than that.
    const bulk = Array.from({ length: 64 }, (_, i) => `X-Pad-${i}: ${'a'.repeat(2048)}\r\n`).join('');
    const head = `GET /echo?x=%zz HTTP/1.1\r\nHost: 127.0.0.1:${listener.port}\r\nUpgrade: websocket\r\n`;
    const answer = await rawHttp(listener.port, `${head}${bulk}\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const client = await WsClient.connect(url);
    client.send('ok');
    expect(await client.next()).toBe('ok');
  });

  it('answers a bad upgrade with 400 and keeps serving', async () => {
    const { url, listener } = await serve('/echo', [echo]);
    const head = `GET /echo HTTP/1.1\r\nHost: 127.0.0.1:${listener.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`;
    const noKey = await rawHttp(listener.port, `${head}Sec-WebSocket-Version: 13\r\n\r\n`);
    expect(noKey).toMatch(/^HTTP\/1\.1 400 /);
    const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const oldVersion = await rawHttp(listener.port, `${head}${key}Sec-WebSocket-Version: 7\r\n\r\n`);
    expect(oldVersion).toMatch(/^HTTP\/1\.1 400 /);
    const client = await WsClient.connect(url);
    client.send('ok');
    expect(await client.next()).toBe('ok');
  });

  it('checks Origin: same origin, loopback and no Origin pass; others get 403', async () => {
    const { url, listener } = await serve('/echo', [echo]);
    await expect(WsClient.connect(url, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    for (const origin of [undefined, `http://127.0.0.1:${listener.port}`, 'http://localhost:3000', 'http://[::1]:1']) {
      const client = await WsClient.connect(url, origin ? { origin } : {});
      client.close();
    }
  });

  it('allows exactly the configured origins (and same origin)', async () => {
    const { url, listener } = await serve('/echo', [echo], { allowedOrigins: ['https://app.example.com'] });
    await (await WsClient.connect(url, { origin: 'https://app.example.com' })).close();
    await (await WsClient.connect(url, { origin: `http://127.0.0.1:${listener.port}` })).close();
    await expect(WsClient.connect(url, { origin: 'http://localhost:3000' })).rejects.toThrow('HTTP 403');
  });

  it('serves several paths on one port, 404 for unknown ones', async () => {
    const { reactor: r, listener } = await serve('/echo', [echo]);
    const upper: Handler<string> = { onMessage: (ctx, msg) => void ctx.write(msg.toUpperCase()) };
    const second = r.listen(`ws://127.0.0.1:${listener.port}/upper`, [upper]);
    await r.start();
    expect(second.port).toBe(listener.port);
    const a = await WsClient.connect(listener.url);
    const b = await WsClient.connect(second.url);
    a.send('abc');
    b.send('abc');
    expect(await a.next()).toBe('abc');
    expect(await b.next()).toBe('ABC');
    await expect(WsClient.connect(`ws://127.0.0.1:${listener.port}/nope`)).rejects.toThrow('HTTP 404');
  });

  it('closes the shared HTTP server when its last path closes', async () => {
    const transport = new WsTransport();
    const accept = (link: { destroy(): void }) => link.destroy();
    const first = await transport.listen(endpoint('/a', 0), {}, accept);
    const second = await transport.listen(endpoint('/b', first.port), {}, accept);
    await first.close();
    expect((await httpGet(`http://127.0.0.1:${first.port}/b`)).status).toBe(426);
    await second.close();
    await expect(httpGet(`http://127.0.0.1:${first.port}/b`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers plain HTTP with httpHandler beside the WebSocket, 426 on the socket path', async () => {
    const httpHandler: HttpRequestHandler = (req, res) =>
      void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<h1>${req.url}</h1>`);
    const { listener } = await serve('/ws', [echo], { httpHandler });
    const base = `http://127.0.0.1:${listener.port}`;
    const page = await httpGet(`${base}/`);
    expect(page).toMatchObject({ status: 200, body: '<h1>/</h1>', type: 'text/html; charset=utf-8' });
    expect((await httpGet(`${base}/ws`)).status).toBe(426);
  });

  it('answers 404 to plain HTTP without an httpHandler', async () => {
    const { listener } = await serve('/ws', [echo]);
    expect((await httpGet(`http://127.0.0.1:${listener.port}/`)).status).toBe(404);
  });

  it('connects out over ws:// with the same handler API', async () => {
    const { url } = await serve('/echo', [echo]);
    const got = deferred<unknown>();
    const connection = await reactor!.connect(url, [{ onMessage: (_ctx, msg) => got.resolve(msg) }]);
    expect((connection as Channel).carriesText).toBe(true);
    expect(connection.request).toBeUndefined();
    connection.write('round trip');
    expect(await got.promise).toBe('round trip');
  });
});

describe('wss', () => {
  it.skipIf(!hasOpenssl)('serves wss:// with the tls option (skipped without /usr/bin/openssl)', async () => {
    const { cert, key } = createSelfSignedCertificate();
    const tls = { cert, key };
    const { url } = await serve('/secure', [echo], { tls });
    expect(url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/secure$/);
    const client = await WsClient.connect(url, { rejectUnauthorized: false });
    client.send('over tls');
    expect(await client.next()).toBe('over tls');
  });

  it('refuses wss:// without a certificate, and ws:// beside wss:// on one port', async () => {
    reactor = new Reactor();
    reactor.listen('wss://127.0.0.1:0/secure', [echo]);
    await expect(reactor.start()).rejects.toMatchObject({ code: 'BAD_OPTION' });
    const transport = new WsTransport();
    const plain = await transport.listen(endpoint('/a', 0), {}, (link) => link.destroy());
    const secure = { ...endpoint('/b', plain.port), scheme: 'wss' as const };
    await expect(transport.listen(secure, {}, (link) => link.destroy())).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(transport.listen(endpoint('/a', plain.port), {}, (link) => link.destroy())).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await plain.close();
  });
});

function endpoint(path: string, port: number) {
  return { scheme: 'ws' as const, host: '127.0.0.1', port, path };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
