import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../errors.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import type { LogFields, Logger } from '../logging/logger.js';
import type { Listener } from '../reactor/listener.js';
import { Reactor } from '../reactor/reactor.js';
import type { ListenOptions } from '../reactor/reactor-options.js';
import { eventually } from '../testing/eventually.js';
import { UdpClient } from '../testing/udp-client.js';
import { UdpTransport } from './udp-transport.js';

class EchoBack implements Handler<string | Uint8Array> {
  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    ctx.write(msg);
  }
}

class Answer implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    if (msg === 'quit') return ctx.close();
    ctx.write(`got ${msg}`);
  }
}

/** Records log lines, so that tests can count them. */
class RecordingLogger implements Logger {
  readonly lines: { level: string; msg: string; code?: unknown }[] = [];
  debug = (msg: string, fields?: LogFields) => this.lines.push({ level: 'debug', msg, code: fields?.code });
  info = (msg: string, fields?: LogFields) => this.lines.push({ level: 'info', msg, code: fields?.code });
  warn = (msg: string, fields?: LogFields) => this.lines.push({ level: 'warn', msg, code: fields?.code });
  error = (msg: string, fields?: LogFields) => this.lines.push({ level: 'error', msg, code: fields?.code });
  coded(code: string): number {
    return this.lines.filter((line) => line.code === code).length;
  }
}

const reactors: Reactor[] = [];
const clients: UdpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(reactors.splice(0).map((r) => r.close({ graceMs: 50 })));
});

async function serve(url: string, handler: Handler, options: ListenOptions = {}) {
  const logger = new RecordingLogger();
  const udp = new UdpTransport({ logger });
  const reactor = new Reactor({ logger, transports: [udp] });
  reactors.push(reactor);
  const listener = reactor.listen(url, [handler], options);
  await reactor.start();
  const client = (host = listener.host) => UdpClient.connect(host, listener.port).then((c) => (clients.push(c), c));
  return { reactor, listener, udp, logger, client };
}

describe('udp:// listeners', () => {
  for (const [family, url] of [
    ['IPv4', 'udp://127.0.0.1:0'],
    ['IPv6', 'udp://[::1]:0'],
  ] as const) {
    it(`echo over ${family}: each datagram comes back whole, one channel per peer, bytes counted`, async () => {
      const { reactor, listener, client } = await serve(url, new EchoBack());
      expect(listener.url).toBe(url.replace(':0', `:${listener.port}`));
      expect(listener.port).toBeGreaterThan(0);
      const a = await client();
      const b = await client();
      const peers: string[] = [];
      reactor.on('connection', (channel) => peers.push(channel.peer));
      await a.send('one\ntwo');
      expect(await a.nextText()).toBe('one\ntwo');
      await b.send(Buffer.from([0, 1, 2, 255]));
      expect([...(await b.next())]).toEqual([0, 1, 2, 255]);
      await a.send('three');
      expect(await a.nextText()).toBe('three');
      const host = family === 'IPv6' ? '[::1]' : '127.0.0.1';
      expect(peers).toEqual([`${host}:${a.port}`, `${host}:${b.port}`]);
      expect(listener.connections).toBe(2);
      const stats = reactor.stats();
      expect(stats.bytesIn).toBe(7 + 4 + 5);
      expect(stats.bytesOut).toBe(7 + 4 + 5);
    });
  }

  it('lines: a datagram is split into lines, and its last line needs no newline', async () => {
    const { client } = await serve('udp://127.0.0.1:0', new Answer(), { codec: 'lines' });
    const peer = await client();
    await peer.send('a\r\nb\nc');
    // One write, one datagram: each answer arrives on its own.
    expect([await peer.nextText(), await peer.nextText(), await peer.nextText()]).toEqual([
      'got a\n',
      'got b\n',
      'got c\n',
    ]);
    await peer.send('d');
    await peer.send('e\n');
    expect([await peer.nextText(), await peer.nextText()]).toEqual(['got d\n', 'got e\n']);
  });

  it('length-prefixed: a frame does not continue in the next datagram', async () => {
    const { client } = await serve('udp://127.0.0.1:0', new EchoBack(), { codec: 'length-prefixed' });
    const peer = await client();
    const frame = (text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length);
      return Buffer.concat([header, body]);
    };
    await peer.send(frame('whole').subarray(0, 6)); // half a frame: dropped with its datagram
    await peer.send(frame('next'));
    expect((await peer.next()).subarray(4).toString()).toBe('next');
  });

  it('quit closes the channel on the server only; the next datagram opens a new one', async () => {
    const { reactor, listener, client } = await serve('udp://127.0.0.1:0', new Answer(), { codec: 'lines' });
    const closed: number[] = [];
    reactor.on('close', (channel) => closed.push(channel.id));
    const peer = await client();
    await peer.send('hi\n');
    expect(await peer.nextText()).toBe('got hi\n');
    await peer.send('quit\n');
    await eventually(() => closed.length === 1);
    expect(listener.connections).toBe(0);
    await peer.send('again\n');
    expect(await peer.nextText()).toBe('got again\n');
    expect(listener.connections).toBe(1);
  });

  it('an oversize write fails with DATAGRAM_TOO_LARGE and the channel goes on', async () => {
    const results: boolean[] = [];
    class Big implements Handler<string> {
      onMessage(ctx: HandlerContext, msg: string): void {
        results.push(ctx.write(msg === 'big' ? 'x'.repeat(100) : `small ${msg}`));
      }
    }
    const { reactor, listener, client } = await serve('udp://127.0.0.1:0', new Big(), {
      codec: 'lines',
      maxDatagramSize: 64,
    });
    const errors: SwitchboardError[] = [];
    reactor.on('error', (err) => errors.push(err));
    const peer = await client();
    await peer.send('big');
    await eventually(() => errors.length === 1);
    expect(errors[0]!.code).toBe('DATAGRAM_TOO_LARGE');
    expect(errors[0]!.message).toContain('101 bytes');
    expect(errors[0]!.message).toContain('64');
    await peer.send('one');
    expect(await peer.nextText()).toBe('small one\n');
    expect(results).toEqual([false, true]);
    expect(listener.connections).toBe(1);
    expect(peer.pending).toBe(0);
  });

  it('drops and counts datagrams over maxDatagramSize, with one log line per episode', async () => {
    const { udp, logger, listener, client } = await serve('udp://127.0.0.1:0', new EchoBack(), {
      maxDatagramSize: 100,
    });
    const peer = await client();
    for (let i = 0; i < 20; i++) await peer.send(Buffer.alloc(101));
    await peer.send(Buffer.alloc(100, 1));
    expect((await peer.next()).length).toBe(100);
    expect(peer.pending).toBe(0);
    expect(udp.stats()[0]!.dropped).toEqual({ DATAGRAM_TOO_LARGE: 20 });
    expect(logger.coded('DATAGRAM_TOO_LARGE')).toBe(1);
    expect(listener.connections).toBe(1);
    // When the episode ends, one more line gives the count.
    await eventually(() => logger.coded('DATAGRAM_TOO_LARGE') === 2, 5000);
    expect(logger.lines.at(-1)!.msg).toContain('dropped 20 datagrams');
  });

  it('rejects a maxDatagramSize its IP version cannot carry, at start()', async () => {
    const reactor = new Reactor();
    reactors.push(reactor);
    reactor.listen('udp://127.0.0.1:0', [new EchoBack()], { maxDatagramSize: 70_000 });
    await expect(reactor.start()).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });

  it('a second listener on the same port fails with EADDRINUSE naming the address', async () => {
    const { listener } = await serve('udp://127.0.0.1:0', new EchoBack());
    const reactor = new Reactor();
    reactors.push(reactor);
    reactor.listen(`udp://127.0.0.1:${listener.port}`, [new EchoBack()]);
    const err = (await reactor.start().catch((e: unknown) => e)) as SwitchboardError;
    expect(err.code).toBe('EADDRINUSE');
    expect(err.message).toContain(`udp://127.0.0.1:${listener.port}`);
  });

  it("closes quiet peers after the listener's idleTimeout and gives their slots back", async () => {
    const { reactor, listener, client } = await serve('udp://127.0.0.1:0', new Answer(), {
      codec: 'lines',
      idleTimeout: 100,
      maxConnections: 1,
    });
    const errors: string[] = [];
    reactor.on('error', (err) => errors.push(err.code));
    const first = await client();
    await first.send('a\n');
    expect(await first.nextText()).toBe('got a\n');
    // No onIdle in the chain: the channel fails with IDLE_TIMEOUT, and a line peer is told so.
    expect(await first.nextText()).toMatch(/^ERROR IDLE_TIMEOUT /);
    await eventually(() => listener.connections === 0);
    expect(errors).toEqual(['IDLE_TIMEOUT']);
    const second = await client();
    await second.send('b\n');
    expect(await second.nextText()).toBe('got b\n');
  });

  it('graceful shutdown says goodbye in a last datagram and lets go of the port', async () => {
    const { reactor, listener, client } = await serve('udp://127.0.0.1:0', new Answer(), { codec: 'lines' });
    const peer = await client();
    await peer.send('x\n');
    expect(await peer.nextText()).toBe('got x\n');
    await reactor.close({ graceMs: 100 });
    expect(await peer.nextText()).toBe('Server is shutting down. Goodbye!\n');
    // The port is free again.
    const again = new Reactor();
    reactors.push(again);
    again.listen(`udp://127.0.0.1:${listener.port}`, [new EchoBack()]);
    await again.start();
  });
});

describe('reactor.connect to udp://', () => {
  it('sends with ctx.write and hears the listener’s answers', async () => {
    const server = await serve('udp://127.0.0.1:0', new Answer(), { codec: 'lines' });
    const received: string[] = [];
    class Recorder implements Handler<string> {
      onMessage(_ctx: HandlerContext, msg: string): void {
        received.push(msg);
      }
    }
    const client = new Reactor();
    reactors.push(client);
    const connection = await client.connect(`udp://127.0.0.1:${server.listener.port}`, [new Recorder()], {
      codec: 'lines',
    });
    expect(connection.remote).toEqual({ address: '127.0.0.1', port: server.listener.port, family: 'IPv4' });
    expect(connection.write('ping')).toBe(true);
    expect(connection.write('pong')).toBe(true);
    await eventually(() => received.length === 2);
    expect(received).toEqual(['got ping', 'got pong']);
    connection.close();
    await eventually(() => client.stats().connections === 0);
  });

  it('over IPv6, to a raw echo listener', async () => {
    const server = await serve('udp://[::1]:0', new EchoBack());
    const received: Buffer[] = [];
    const client = new Reactor();
    reactors.push(client);
    const connection = await client.connect(`udp://[::1]:${server.listener.port}`, [
      { onMessage: (_ctx: HandlerContext, msg: Buffer) => void received.push(msg) } as Handler,
    ]);
    connection.write(Buffer.from('bytes'));
    await eventually(() => received.length === 1);
    expect(received[0]!.toString()).toBe('bytes');
  });
});

describe('a flood from many source ports', () => {
  it('10,000 datagrams from 1,000 ports: channels stay within maxConnections, the rest are counted, idle peers expire', async () => {
    const maxConnections = 100;
    const { reactor, listener, udp, logger } = await serve('udp://127.0.0.1:0', new EchoBack(), {
      maxConnections,
      // Long enough that admitted peers outlive a batch on a loaded machine (their expiry would admit
      // others mid-flood and blur the count), short enough to watch them expire at the end.
      idleTimeout: 2000,
    });
    let peak = 0;
    reactor.on('connection', () => (peak = Math.max(peak, listener.connections)));
    const stats = () => udp.stats()[0]!;
    // Every datagram is either served (its bytes counted) or dropped and counted.
    const seen = () => reactor.stats().bytesIn / 64 + (stats().dropped.MAX_CONNECTIONS ?? 0);
    const rssBefore = process.memoryUsage().rss;
    let ports = 0;
    let sent = 0;
    // 1,000 distinct source ports, 100 sockets open at a time (fds are shared with other tests).
    for (let batch = 0; batch < 10; batch++) {
      const sockets = await Promise.all(
        Array.from({ length: 100 }, () => {
          const socket = createSocket('udp4');
          return new Promise<typeof socket>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
        }),
      );
      const payload = Buffer.alloc(64, batch);
      for (let round = 0; round < 10; round++) {
        const sends = sockets.map(
          (socket) => new Promise<void>((resolve) => socket.send(payload, listener.port, '127.0.0.1', () => resolve())),
        );
        await Promise.all(sends);
        sent += sockets.length;
        // 100 at a time, so the server's receive buffer (not the listener) never has to drop any.
        await eventually(() => seen() >= sent);
      }
      ports += sockets.length;
      await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(resolve))));
    }
    expect(ports).toBe(1000);
    expect(seen()).toBe(10_000);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(peak).toBeLessThanOrEqual(maxConnections);
    expect(stats().dropped.MAX_CONNECTIONS).toBeGreaterThan(8_000);
    // One refusal line opens the episode, not one per datagram.
    expect(logger.coded('MAX_CONNECTIONS')).toBeLessThanOrEqual(3);
    expect(rssGrowth).toBeLessThan(64 * 1024 * 1024);
    // Quiet peers expire and their slots come back.
    await eventually(() => listener.connections === 0 && stats().peers === 0, 10_000);
    const { admission } = listener as Listener;
    expect(admission.held).toBe(0);
    expect(admission.addresses).toBe(0);
  }, 40_000);
});
