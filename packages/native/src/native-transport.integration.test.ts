import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Handler, HandlerContext } from '@switchboard/core';
import { eventually, LineClient } from '@switchboard/core/testing';
import { EchoHandler, TalkbackHandler } from '@switchboard/handlers';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeLoop } from './native-transport.js';
import { ServeOn, TRANSPORTS } from './testing/serve-on.js';

class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    if (msg === 'boom') throw new Error('handler broke');
    ctx.write(`got ${msg}`);
  }
}

/** Resolves with everything the socket received once it closes (it ends its side when the server does). */
function collect(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('end', () => socket.end());
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

function rawClient(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, allowHalfOpen: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe.each(TRANSPORTS)('tcp:// on the %s transport', (transport) => {
  const on = new ServeOn(transport);
  afterEach(() => on.closeAll());

  it('runs on the transport the listener names', async () => {
    const { port } = await on.serve([new EchoHandler()], { codec: 'raw' });
    const client = await LineClient.connect({ port });
    client.send('ping');
    expect(await client.readLine()).toBe('ping');
    expect(nativeLoop()!.connections).toBe(transport === 'native' ? 1 : 0);
    client.destroy();
  });

  it('echoes 4 MiB byte for byte, the peer half-closing when done', async () => {
    const { port } = await on.serve([new EchoHandler()], { codec: 'raw' });
    const payload = randomBytes(4 * 1024 * 1024);
    const socket = await rawClient(port);
    const received = collect(socket);
    socket.end(payload);
    expect((await received).equals(payload)).toBe(true);
  });

  it('keeps the pieces of a long line that arrive over many turns intact (reads stay valid when kept)', async () => {
    const lengths: number[] = [];
    const digests: string[] = [];
    class LengthHandler implements Handler<string> {
      onMessage(ctx: HandlerContext, msg: string): void {
        lengths.push(msg.length);
        digests.push(createHash('sha256').update(msg).digest('hex'));
        ctx.write(String(msg.length));
      }
    }
    const { port } = await on.serve([new LengthHandler()], { codec: 'lines', maxLineLength: 4 * 1024 * 1024 });
    const line = randomBytes(768 * 1024).toString('base64');
    const client = await LineClient.connect({ port });
    // 96 KiB pieces, each in its own turn: the decoder holds the earlier ones by reference meanwhile.
    for (let at = 0; at < line.length; at += 96 * 1024) {
      client.write(line.slice(at, at + 96 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    client.write('\nshort\n');
    expect(await client.readLine()).toBe(String(line.length));
    expect(await client.readLine()).toBe('5');
    expect(lengths).toEqual([line.length, 5]);
    expect(digests[0]).toBe(createHash('sha256').update(line).digest('hex'));
    client.destroy();
  });

  it('answers talkback lines split anywhere, and closes on quit', async () => {
    const { port } = await on.serve([new TalkbackHandler()]);
    const client = await LineClient.connect({ port });
    client.write('hel');
    client.write('lo\nwor');
    client.write('ld\nquit\n');
    expect(await client.readLine()).toBe("You said 'hello'.");
    expect(await client.readLine()).toBe("You said 'world'.");
    await client.waitForClose();
  });

  it('answers a peer that half-closed, then ends its side', async () => {
    const { port } = await on.serve([new AnswerHandler()], { codec: 'lines' });
    const socket = await rawClient(port);
    const received = collect(socket);
    socket.end('one\ntwo\n');
    expect((await received).toString()).toBe('got one\ngot two\n');
  });

  it('reports a peer reset as ECONNRESET and closes the channel', async () => {
    const { reactor, port } = await on.serve([new AnswerHandler()], { codec: 'lines' });
    const codes: string[] = [];
    reactor.on('error', (err) => codes.push((err as { code: string }).code));
    const socket = await rawClient(port);
    await eventually(() => reactor.stats().connections === 1);
    socket.resetAndDestroy();
    await eventually(() => reactor.stats().connections === 0);
    expect(codes).toEqual(['ECONNRESET']);
  });

  it('holds what a slow reader cannot take, drains it through partial sends, in order', async () => {
    const total = 24 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const held: number[] = [];
    let refusals = 0;
    // Writes until the transport says false, goes on at each onWritable: more than the kernel buffers hold.
    class FloodHandler implements Handler<Uint8Array> {
      sent = 0;
      onOpen(ctx: HandlerContext): void {
        this.onWritable(ctx);
      }
      onWritable(ctx: HandlerContext): void {
        while (this.sent < total) {
          this.sent += chunk.length;
          if (!ctx.write(chunk)) return void refusals++;
        }
        ctx.write('done\n');
        ctx.close();
      }
      onMessage(ctx: HandlerContext): void {
        held.push(ctx.connection.bufferedBytes);
      }
    }
    const { port } = await on.serve([new FloodHandler()], { codec: 'raw', maxBufferedBytes: 64 * 1024 * 1024 });
    const socket = await rawClient(port);
    socket.pause();
    const received = collect(socket);
    // The kernel buffers fill; the server must keep the rest queued until this reader catches up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.write('?');
    await eventually(() => held.length === 1);
    expect(held[0]).toBeGreaterThan(0);
    socket.resume();
    const bytes = await received;
    expect(bytes.length).toBe(total + 5);
    expect(bytes.subarray(0, total).every((byte) => byte === 0x78)).toBe(true);
    expect(bytes.subarray(total).toString()).toBe('done\n');
    expect(refusals).toBeGreaterThan(1);
  });

  it('refuses the connection past maxConnections with a notice', async () => {
    const { reactor, port } = await on.serve([new AnswerHandler()], { codec: 'lines', maxConnections: 1 });
    const first = await LineClient.connect({ port });
    first.send('hi');
    expect(await first.readLine()).toBe('got hi');
    const second = await LineClient.connect({ port });
    expect(await second.readLine()).toMatch(/^ERROR MAX_CONNECTIONS/);
    await second.waitForClose();
    first.destroy();
    await eventually(() => reactor.stats().connections === 0);
    const third = await LineClient.connect({ port });
    third.send('again');
    expect(await third.readLine()).toBe('got again');
    third.destroy();
  });

  it('refuses the second connection from one address past maxConnectionsPerIp, and frees the slot on close', async () => {
    const { reactor, port } = await on.serve([new AnswerHandler()], { codec: 'lines', maxConnectionsPerIp: 1 });
    const first = await LineClient.connect({ port });
    const second = await LineClient.connect({ port });
    expect(await second.readLine()).toMatch(/^ERROR MAX_CONNECTIONS_PER_IP/);
    await second.waitForClose();
    first.destroy();
    await eventually(() => reactor.stats().connections === 0);
    const third = await LineClient.connect({ port });
    third.send('in');
    expect(await third.readLine()).toBe('got in');
    third.destroy();
  });

  it('drops a slow consumer over maxBufferedBytes with SLOW_CONSUMER', async () => {
    class FloodOnce implements Handler<Uint8Array> {
      onMessage(ctx: HandlerContext): void {
        for (let i = 0; i < 64; i++) ctx.write(Buffer.alloc(1024 * 1024, 'y'));
      }
    }
    const { reactor, port } = await on.serve([new FloodOnce()], { codec: 'raw', maxBufferedBytes: 1024 * 1024 });
    const errors: string[] = [];
    reactor.on('error', (err) => errors.push((err as { code: string }).code));
    const socket = await rawClient(port);
    socket.pause();
    socket.write('go');
    await eventually(() => errors.length > 0);
    expect(errors[0]).toBe('SLOW_CONSUMER');
    await eventually(() => reactor.stats().connections === 0);
    socket.destroy();
  });

  it('fails an idle connection with IDLE_TIMEOUT', async () => {
    const { port } = await on.serve([new AnswerHandler()], { codec: 'lines', idleTimeout: 150 });
    const client = await LineClient.connect({ port });
    expect(await client.readLine(3000)).toMatch(/^ERROR IDLE_TIMEOUT/);
    await client.waitForClose();
  });

  it('shuts down gracefully: a goodbye, then every socket closed', async () => {
    const { reactor, port } = await on.serve([new AnswerHandler()], { codec: 'lines' });
    const clients = await Promise.all([1, 2, 3].map(() => LineClient.connect({ port })));
    await eventually(() => reactor.stats().connections === 3);
    await reactor.close({ graceMs: 1000 });
    for (const client of clients) {
      expect(await client.readLine()).toMatch(/Goodbye/);
      await client.waitForClose();
    }
  });

  it('isolates a failing handler to its own connection', async () => {
    const { port } = await on.serve([new AnswerHandler()], { codec: 'lines' });
    const bystander = await LineClient.connect({ port });
    const failing = await LineClient.connect({ port });
    failing.send('boom');
    expect(await failing.readLine()).toMatch(/^ERROR HANDLER_FAILED/);
    await failing.waitForClose();
    bystander.send('still here');
    expect(await bystander.readLine()).toBe('got still here');
    bystander.destroy();
  });

  it('serves IPv6 on [::1] and names peers as [::1]:port', async () => {
    const { reactor, port, url } = await on.serve([new AnswerHandler()], { codec: 'lines' }, 'tcp://[::1]:0');
    expect(url).toBe(`tcp://[::1]:${port}`);
    const peers: string[] = [];
    reactor.on('connection', (channel) => peers.push(channel.peer));
    const client = await LineClient.connect({ host: '::1', port });
    client.send('six');
    expect(await client.readLine()).toBe('got six');
    expect(peers[0]).toMatch(/^\[::1\]:\d+$/);
    client.destroy();
  });

  it('rejects a port in use with EADDRINUSE naming the address', async () => {
    const { port } = await on.serve([new AnswerHandler()], { codec: 'lines' });
    const failed = await on.serve([new AnswerHandler()], { codec: 'lines' }, `tcp://127.0.0.1:${port}`).catch((e) => e);
    expect(failed.code).toBe('EADDRINUSE');
    expect(failed.message).toContain(`tcp://127.0.0.1:${port}`);
  });
});
