import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';
import { rssBytes } from '../testing/process-probe.js';

// Attack: input dripped a few bytes per packet. The decoders kept one Buffer per read (~100–200
// bytes each), so 100 clients dripping 65,000 bytes of one line (6.5 MB) raised RSS by 748 MB; a
// WebSocket frame dripped the same way cost ~131× inside ws's receiver.

const MiB = 1024 * 1024;
const CLIENTS = 50;
const BYTES = 20_000;
/** Bytes per write: every write leaves as its own packet (no Nagle), so the server reads it alone. */
const PIECE = 4;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await CliProcess.stopAll();
});

async function open(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', noDelay: true });
  sockets.push(socket);
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/**
 * Each socket writes `bytes` of `byte`, PIECE bytes per write, one write per socket per round;
 * returns the server's peak RSS growth over `pid`'s RSS at the start.
 */
async function drip(pid: number, all: Socket[], bytes: number, byte: number): Promise<number> {
  const piece = Buffer.alloc(PIECE, byte);
  const before = rssBytes(pid);
  let peak = before;
  for (let round = 0; round * PIECE < bytes; round++) {
    for (const socket of all) if (!socket.destroyed) socket.write(piece);
    // A pause per round, so that the server reads each packet alone rather than a pile of them.
    await sleep(1);
    if (round % 100 === 0) peak = Math.max(peak, rssBytes(pid));
  }
  return Math.max(peak, rssBytes(pid)) - before;
}

describe('input dripped a few bytes per packet', () => {
  it('costs the server memory in proportion to the bytes held', async () => {
    const cli = CliProcess.start(['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', 'talkback']);
    const [url] = await cli.listening();
    const port = Number(url!.split(':').pop());
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => open(port)));
    const grown = await drip(cli.pid, clients, BYTES, 0x61);
    console.log(`drip: ${(CLIENTS * BYTES) / MiB} MiB held, RSS +${(grown / MiB).toFixed(1)} MiB`);
    // 1 MB held: one Buffer per read was ~100 MB; gathered into one buffer per line it is a few MB.
    expect(grown).toBeLessThan(30 * MiB);

    // The lines are whole and still answered.
    const answers = clients.map((socket) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      return () => text;
    });
    for (const socket of clients) socket.write('\n');
    const expected = `You said '${'a'.repeat(BYTES)}'.\n`;
    await expect.poll(() => answers.every((text) => text() === expected), { timeout: 20_000 }).toBe(true);
  }, 120_000);

  it('closes a WebSocket whose message arrives in far more reads than its size needs', async () => {
    const cli = CliProcess.start(['serve', '--listen', 'ws://127.0.0.1:0/', '--handler', 'echo']);
    const [url] = await cli.listening();
    const port = Number(new URL(url!).port);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => openWebSocket(port)));
    const closed = clients.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    // A binary frame of BYTES, masked with a zero key, announced whole and sent a few bytes at a time.
    const bytes = 2 * BYTES;
    const header = Buffer.from([0x82, 0x80 | 126, bytes >> 8, bytes & 0xff, 0, 0, 0, 0]);
    for (const socket of clients) socket.write(header);
    const grown = await drip(cli.pid, clients, bytes, 0);
    console.log(`ws drip: RSS +${(grown / MiB).toFixed(1)} MiB`);
    // Cut off after ~4 kB each; uncut, the 2 MB dripped cost ~220 MB (a Buffer per read inside ws).
    expect(grown).toBeLessThan(100 * MiB);
    // Cut off with a close frame 1008 (policy violation) once past ~1024 + bytes/256 reads.
    await expect(Promise.all(closed)).resolves.toBeDefined();
    expect(cli.stdout).toMatch(/reads for \d+ bytes.*PROTOCOL_ERROR/);
  }, 120_000);
});

/** A raw WebSocket handshake on a plain socket, so that the test controls every packet. */
async function openWebSocket(port: number): Promise<Socket> {
  const socket = await open(port);
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const [response] = (await once(socket, 'data')) as [Buffer];
  if (!response.toString('latin1').startsWith('HTTP/1.1 101')) throw new Error(`no upgrade: ${String(response)}`);
  return socket;
}
