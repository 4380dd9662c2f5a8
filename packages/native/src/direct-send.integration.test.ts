import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { HUB, Reactor, type Connection, type DirectSend, type Handler, type Hub } from '@switchboard/core';
import { createSelfSignedCertificate, eventually, hasOpenssl, LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDirectSend } from './direct-send.js';
import { interleaved, interleaver } from './testing/interleaver.js';
import { openSocket } from './testing/open-socket.js';

/** The addon's sendEach, counting its calls and the descriptors it was given. */
function countingDirectSend(): DirectSend & { calls: number; sends: number } {
  const real = createDirectSend();
  if (real === undefined) throw new Error('the native addon did not load');
  const counting = {
    calls: 0,
    sends: 0,
    sendEach(data: Uint8Array, fds: Int32Array, count: number, sent: Int32Array): void {
      counting.calls++;
      counting.sends += count;
      real.sendEach(data, fds, count, sent);
    },
  };
  return counting;
}

function joiner(at: { hub: Hub }): Handler {
  return { onOpen: (ctx) => at.hub.join(ctx.connection) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('broadcasts sent below node:net and ws by the addon (createDirectSend)', () => {
  const reactors: Reactor[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(reactors.splice(0).map((reactor) => reactor.close({ graceMs: 50 })));
    vi.restoreAllMocks();
  });

  function reactorWith(directSend: DirectSend | undefined): { reactor: Reactor; at: { hub: Hub } } {
    const reactor = new Reactor({ directSend });
    reactors.push(reactor);
    return { reactor, at: { hub: reactor.container.resolve(HUB) } };
  }

  it('tcp: broadcasts mixed with direct writes reach every member once and in order, one send call a turn', async () => {
    const direct = countingDirectSend();
    const { reactor, at } = reactorWith(direct);
    const listener = reactor.listen('tcp://127.0.0.1:0', [interleaver(at, ['b', 'c'])], { codec: 'lines' });
    await reactor.start();
    const port = listener.port;
    const clients = await Promise.all(Array.from({ length: 20 }, () => LineClient.connect({ port })));
    await eventually(() => at.hub.members().size === 20);
    const before = reactor.stats();
    const lines = Array.from({ length: 100 }, (_, i) => String(i));
    for (let burst = 0; burst < 10; burst++) clients[0]!.send(lines.slice(burst * 10, burst * 10 + 10).join('\n'));
    const expected = interleaved(lines, ['b', 'c']);
    for (const client of clients.slice(1)) for (const line of expected) expect(await client.readLine()).toBe(line);
    expect(clients[0]!.received.length).toBe(0);
    // Each line's -b and -c leave in one send per member (joined), not one per broadcast.
    expect(direct.calls).toBeGreaterThan(0);
    expect(direct.sends).toBeLessThanOrEqual(19 * 200);
    const after = reactor.stats();
    expect(after.messagesOut - before.messagesOut).toBe(19 * expected.length);
    const bytes = expected.reduce((sum, line) => sum + line.length + 1, 0);
    expect(after.bytesOut - before.bytesOut).toBe(19 * bytes);
  });

  it('ws: text and binary broadcasts reach 10 members once and in order, framed once', async () => {
    const direct = countingDirectSend();
    const { reactor, at } = reactorWith(direct);
    const handler: Handler = {
      onOpen: (ctx) => at.hub.join(ctx.connection),
      onMessage: (ctx, msg) => void at.hub.broadcast(msg as string | Uint8Array, { except: ctx.connection }),
    };
    const listener = reactor.listen('ws://127.0.0.1:0/', [handler]);
    await reactor.start();
    const clients = await Promise.all(Array.from({ length: 10 }, () => WsClient.connect(listener.url)));
    await eventually(() => at.hub.members().size === 10);
    // Sizes across the 7-bit, 16-bit and 64-bit frame lengths.
    const messages: (string | Buffer)[] = [];
    for (let i = 0; i < 20; i++) messages.push(`${i} ${'ü'.repeat(i * 9)}`, Buffer.alloc(i * 80, i));
    messages.push('x'.repeat(70_000), Buffer.alloc(66_000, 7));
    for (const message of messages) clients[0]!.send(message);
    for (const client of clients.slice(1)) for (const message of messages) expect(await client.next()).toEqual(message);
    expect(direct.calls).toBeGreaterThan(0);
    for (const client of clients) client.ws.terminate();
  });

  it('a member whose socket is full gets the rest through its socket, and everything in order once it reads', async () => {
    const direct = countingDirectSend();
    const { reactor, at } = reactorWith(direct);
    const listener = reactor.listen('tcp://127.0.0.1:0', [joiner(at)], {
      codec: 'lines',
      maxBufferedBytes: 64 * 1024 * 1024,
    });
    await reactor.start();
    const port = listener.port;
    const [slow, ...quick] = await Promise.all(Array.from({ length: 4 }, () => openSocket(port, sockets)));
    slow!.pause();
    const received = new Map<Socket, string>();
    for (const socket of [slow!, ...quick]) {
      received.set(socket, '');
      socket.on('data', (chunk: Buffer) => received.set(socket, received.get(socket)! + chunk.toString('latin1')));
    }
    await eventually(() => at.hub.members().size === 4);
    const member = [...at.hub.members()].find((m) => m.remote.port === slow!.localPort)!;
    // Numbered 1 KiB lines, 64 a turn, until the paused member has bytes queued in node:net (32 MiB at most).
    const pad = 'x'.repeat(1000);
    let n = 0;
    for (let turn = 0; turn < 512 && member.bufferedBytes === 0; turn++) {
      for (let i = 0; i < 64; i++) at.hub.broadcast(`${n++} ${pad}`);
      await nextTurn();
    }
    expect(member.bufferedBytes).toBeGreaterThan(0);
    const sendsWhileQueued = direct.sends;
    for (let turn = 0; turn < 8; turn++) {
      for (let i = 0; i < 64; i++) at.hub.broadcast(`${n++} ${pad}`);
      await nextTurn();
    }
    // The full member is behind (written through its channel); the three readers still get direct sends.
    expect(direct.sends - sendsWhileQueued).toBeLessThanOrEqual(3 * 8);
    slow!.resume();
    const expected = Array.from({ length: n }, (_, i) => `${i} ${pad}\n`).join('');
    await eventually(() => [...received.values()].every((text) => text.length >= expected.length), 10_000);
    // Caught up: the next broadcast reaches it directly again.
    const sendsBefore = direct.sends;
    at.hub.broadcast('last');
    await eventually(() => [...received.values()].every((text) => text.endsWith('last\n')));
    expect(direct.sends - sendsBefore).toBe(4);
    for (const text of received.values()) expect(text).toBe(`${expected}last\n`);
    expect(reactor.stats().bytesOut).toBeGreaterThanOrEqual(4 * (expected.length + 5));
  });

  it('plain writes of bytes go direct while the socket is idle; a full one queues in node:net, in order', async () => {
    const direct = countingDirectSend();
    const { reactor } = reactorWith(direct);
    const at: { connection?: Connection } = {};
    const listener = reactor.listen('tcp://127.0.0.1:0', [{ onOpen: (ctx) => void (at.connection = ctx.connection) }], {
      codec: 'raw',
      maxBufferedBytes: 64 * 1024 * 1024,
    });
    await reactor.start();
    const client = await openSocket(listener.port, sockets);
    client.pause();
    const chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    await eventually(() => at.connection !== undefined);
    const connection = at.connection!;
    // Numbered 16 KiB writes until the kernel's buffers are full and node:net holds the rest (32 MiB at most).
    const block = (i: number) => Buffer.alloc(16 * 1024, i & 0xff);
    let n = 0;
    for (let turn = 0; turn < 2048 && connection.bufferedBytes === 0; turn++) {
      connection.write(block(n++));
      await nextTurn();
    }
    expect(connection.bufferedBytes).toBeGreaterThan(0);
    const directWhileIdle = direct.sends;
    expect(directWhileIdle).toBeGreaterThan(0);
    for (let i = 0; i < 8; i++) connection.write(block(n++));
    // Queued in node:net: these went the ordinary way, behind what was queued.
    expect(direct.sends).toBe(directWhileIdle);
    client.resume();
    const total = n * 16 * 1024;
    await eventually(() => chunks.reduce((sum, c) => sum + c.length, 0) >= total, 10_000);
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(total);
    for (let i = 0; i < n; i++) expect(all[i * 16 * 1024]).toBe(i & 0xff);
    // Drained: the next write is direct again, and every byte was counted once.
    await eventually(() => connection.bufferedBytes === 0);
    connection.write(Buffer.from('last'));
    await eventually(() => Buffer.concat(chunks).toString('latin1').endsWith('last'));
    expect(direct.sends).toBe(directWhileIdle + 1);
    expect(reactor.stats().bytesOut).toBe(total + 4);
  });

  it('an echo to a peer that reset fails that connection alone; the next client is served directly', async () => {
    const direct = countingDirectSend();
    const { reactor } = reactorWith(direct);
    const echo: Handler<Uint8Array> = { onMessage: (ctx, msg) => void ctx.connection.write(msg) };
    const listener = reactor.listen('tcp://127.0.0.1:0', [echo], { codec: 'raw' });
    await reactor.start();
    const gone = await LineClient.connect({ port: listener.port });
    gone.write('before the reset');
    await gone.readBytes(16);
    const sendsBefore = direct.sends;
    // Bytes that arrive with the RST: the echo's reply finds a reset socket (EPIPE/ECONNRESET),
    // which goes the ordinary way and ends that connection only.
    gone.socket.write('x'.repeat(1000));
    gone.socket.resetAndDestroy();
    await eventually(() => reactor.stats().connections === 0);
    const next = await LineClient.connect({ port: listener.port });
    next.write('still serving');
    expect((await next.readBytes(13)).toString()).toBe('still serving');
    expect(direct.sends).toBeGreaterThan(sendsBefore);
    next.destroy();
  });

  it('skips a member closed mid-turn, and a member whose peer is gone fails alone', async () => {
    const direct = countingDirectSend();
    const { reactor, at } = reactorWith(direct);
    const cutOff = { victim: undefined as Connection | undefined };
    const handler: Handler<string> = {
      onOpen: (ctx) => at.hub.join(ctx.connection),
      onMessage: (ctx, msg) => {
        at.hub.broadcast(`${msg}-1`, { except: ctx.connection });
        // Destroyed while this turn's broadcasts still wait to leave.
        if (msg === 'cut') (cutOff.victim as unknown as { destroy(): void }).destroy();
        at.hub.broadcast(`${msg}-2`, { except: ctx.connection });
      },
    };
    const listener = reactor.listen('tcp://127.0.0.1:0', [handler], { codec: 'lines' });
    await reactor.start();
    const port = listener.port;
    const [talker, stays, cut, gone] = await Promise.all(Array.from({ length: 4 }, () => LineClient.connect({ port })));
    await eventually(() => at.hub.members().size === 4);
    cutOff.victim = [...at.hub.members()].find((m) => m.remote.port === cut!.socket.localPort);
    talker!.send('cut');
    for (const line of ['cut-1', 'cut-2']) expect(await stays!.readLine()).toBe(line);
    await cut!.waitForClose();
    expect(cut!.received.toString()).not.toContain('cut-2');
    // A peer that resets: sends to it fail (EPIPE/ECONNRESET go the ordinary way) until it leaves.
    gone!.socket.resetAndDestroy();
    for (let i = 0; i < 20; i++) talker!.send(`n${i}`);
    for (let i = 0; i < 20; i++) for (const s of ['1', '2']) expect(await stays!.readLine()).toBe(`n${i}-${s}`);
    await eventually(() => at.hub.members().size === 2);
  });

  it.skipIf(!hasOpenssl)(
    'tls:// and unix:// members never take the direct path, and hear every broadcast',
    async () => {
      const direct = countingDirectSend();
      const { reactor, at } = reactorWith(direct);
      const cert = createSelfSignedCertificate();
      const dir = mkdtempSync(join(tmpdir(), 'sb-direct-'));
      try {
        const tls = reactor.listen('tls://127.0.0.1:0', [joiner(at)], {
          codec: 'lines',
          tls: { cert: cert.cert, key: cert.key },
        });
        reactor.listen(`unix://${join(dir, 's.sock')}`, [joiner(at)], { codec: 'lines' });
        await reactor.start();
        const secure = await new Promise<Socket>((resolve, reject) => {
          const socket = tlsConnect({ port: tls.port, host: '127.0.0.1', rejectUnauthorized: false }, () =>
            resolve(socket),
          );
          socket.once('error', reject);
        });
        sockets.push(secure);
        const local = await Promise.all([0, 1].map(() => LineClient.connect({ path: join(dir, 's.sock') })));
        let secureText = '';
        secure.on('data', (chunk: Buffer) => (secureText += chunk.toString()));
        await eventually(() => at.hub.members().size === 3);
        for (let i = 0; i < 50; i++) at.hub.broadcast(`line ${i}`);
        const expected = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('');
        await eventually(() => secureText === expected);
        for (const client of local) for (let i = 0; i < 50; i++) expect(await client.readLine()).toBe(`line ${i}`);
        expect(direct.calls).toBe(0);
        for (const client of local) client.destroy();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('without the addon (SWITCHBOARD_NATIVE=0) there is no DirectSend, and broadcasts go the ordinary way', async () => {
    vi.stubEnv('SWITCHBOARD_NATIVE', '0');
    vi.resetModules();
    const fresh = (await import('./direct-send.js')) as typeof import('./direct-send.js');
    expect(fresh.createDirectSend()).toBeUndefined();
    vi.unstubAllEnvs();
    const { reactor, at } = reactorWith(undefined);
    const listener = reactor.listen('tcp://127.0.0.1:0', [joiner(at)], { codec: 'lines' });
    await reactor.start();
    const port = listener.port;
    const clients = await Promise.all(Array.from({ length: 5 }, () => LineClient.connect({ port })));
    await eventually(() => at.hub.members().size === 5);
    for (let i = 0; i < 30; i++) at.hub.broadcast(`m${i}`);
    for (const client of clients) for (let i = 0; i < 30; i++) expect(await client.readLine()).toBe(`m${i}`);
    for (const client of clients) client.destroy();
  });
});
