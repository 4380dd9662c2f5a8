import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';
import { rssBytes } from '../testing/process-probe.js';

// A receiver that never reads while ~50 MB is broadcast, under each --slow-consumer policy, with
// --max-buffered 1 MiB: the others get every byte, memory stays bounded; `disconnect` closes the
// slow one (SLOW_CONSUMER), `drop` keeps it and it catches up once it reads.

const MiB = 1024 * 1024;
const LINE = `${'x'.repeat(1023)}\n`;
const LINES = 50 * 1024;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await CliProcess.stopAll();
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket)).once('close', () => reject(new Error('closed before open')));
  });
}

/** Counts what arrives; keeps the last bytes to find a marker line. */
function count(socket: Socket): { bytes: number; tail: string; closed: boolean } {
  const seen = { bytes: 0, tail: '', closed: false };
  socket.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
    seen.tail = (seen.tail + chunk.toString('latin1')).slice(-200);
  });
  socket.on('close', () => (seen.closed = true));
  return seen;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(['disconnect', 'drop'] as const)('--slow-consumer %s with --max-buffered 1048576', (policy) => {
  it('a receiver that never reads costs bounded memory; everyone else gets all ~50 MB', async () => {
    const args = ['--max-buffered', String(MiB), '--slow-consumer', policy];
    const cli = CliProcess.start(['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', 'broadcast', ...args]);
    const port = Number((await cli.listening())[0]!.split(':').pop());
    const slow = await open(port);
    slow.pause();
    const slowSeen = count(slow);
    const readers = await Promise.all([open(port), open(port)]);
    const seen = readers.map(count);
    const sender = await open(port);
    await until(() => (cli.stdout.match(/connected /g)?.length ?? 0) >= 4, 5000, 'four connections');
    const rssBefore = rssBytes(cli.pid);

    let peakRss = 0;
    const chunk = Buffer.from(LINE.repeat(256));
    for (let i = 0; i < LINES / 256; i++) {
      if (!sender.write(chunk)) await new Promise((resolve) => sender.once('drain', resolve));
      if (i % 16 === 0) peakRss = Math.max(peakRss, rssBytes(cli.pid));
    }
    const expected = LINES * (`[127.0.0.1:${sender.localPort}] `.length + LINE.length);
    await until(() => seen.every((s) => s.bytes >= expected), 60_000, 'the readers to get everything');
    peakRss = Math.max(peakRss, rssBytes(cli.pid));
    console.log(`${policy}: peak RSS +${Math.round((peakRss - rssBefore) / MiB)} MiB`);

    expect(seen.map((s) => s.bytes)).toEqual([expected, expected]);
    expect(seen.some((s) => s.closed)).toBe(false);
    // Owed 50 MB, the slow receiver may hold about 1 MiB plus kernel buffers.
    expect(peakRss - rssBefore).toBeLessThan(100 * MiB);

    if (policy === 'disconnect') {
      await cli.waitForStdout(/SLOW_CONSUMER/);
      return;
    }
    // drop: still connected, never told off; once it reads it gets what was queued and what comes next.
    expect(cli.stdout).not.toMatch(/SLOW_CONSUMER|disconnected/);
    slow.resume();
    const marker = () => {
      readers[0]!.write('caught up\n');
      return until(() => slowSeen.tail.endsWith('caught up\n'), 500, 'the marker').then(
        () => true,
        () => false,
      );
    };
    let caughtUp = false;
    for (let i = 0; i < 40 && !caughtUp; i++) caughtUp = await marker();
    expect(caughtUp).toBe(true);
    expect(slowSeen.closed).toBe(false);
    expect(slowSeen.bytes).toBeLessThan(expected);
  }, 120_000);
});
