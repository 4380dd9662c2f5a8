import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';
import { cpuMs, rssBytes, talkbackRoundTrip } from '../testing/process-probe.js';

// Attack: receivers of a broadcast that never read. Each held one queued write (~100 bytes) per
// broadcast line, so ten of them cost ~300 MB; dropping one made Node build an error with a stack
// trace per queued write, synchronously: a bystander on another listener waited 6–11 s, and with
// 100 receivers the process spent 16–23 s of CPU. And one message larger than the send buffer
// (8 MiB) dropped every receiver of it as SLOW_CONSUMER, reading or not.

const MiB = 1024 * 1024;
let dir: string;
const sockets: Socket[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-slow-'));
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await CliProcess.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** `serve --config` with a broadcast listener and a talkback listener (the bystander's) in one process. */
async function serveBroadcastAndTalkback(options: object = {}): Promise<{ cli: CliProcess; ports: number[] }> {
  const config = join(dir, 'sb.json');
  writeFileSync(
    config,
    JSON.stringify({
      listeners: [
        { url: 'tcp://127.0.0.1:0', handlers: ['broadcast'], options },
        { url: 'tcp://127.0.0.1:0', handlers: ['talkback'], options },
      ],
    }),
  );
  const cli = CliProcess.start(['serve', '--config', config]);
  const urls = await cli.listening(2);
  return { cli, ports: urls.map((url) => Number(url.split(':').pop())) };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket));
    socket.once('close', () => reject(new Error(`connection to ${port} closed before it opened`)));
  });
}

/** Writes `chunk` over and over, with backpressure, until `stop()` says so or `maxBytes` have gone. */
async function stream(socket: Socket, chunk: Buffer, stop: () => boolean, maxBytes: number): Promise<number> {
  let sent = 0;
  while (!stop() && sent < maxBytes && !socket.destroyed) {
    sent += chunk.length;
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  return sent;
}

// One warning line per drop (`connection error … code=SLOW_CONSUMER`); the disconnect line names the reason too, so count only the warnings.
const dropped = (cli: CliProcess) => cli.stdout.match(/connection error .*SLOW_CONSUMER/g)?.length ?? 0;

describe('receivers that never read', () => {
  it('are dropped without stalling the process or keeping their memory', async () => {
    const receivers = 30;
    const { cli, ports } = await serveBroadcastAndTalkback();
    const [broadcastPort, talkbackPort] = ports as [number, number];
    for (let i = 0; i < receivers; i++) (await open(broadcastPort)).pause();
    const sender = await open(broadcastPort);
    const rssBefore = rssBytes(cli.pid);
    const cpuBefore = cpuMs(cli.pid);

    const deadline = Date.now() + 60_000;
    const done = () => dropped(cli) >= receivers || Date.now() > deadline;
    const streaming = stream(sender, Buffer.from('hello\n'.repeat(10_000)), done, 500 * MiB);
    let slowestRoundTrip = 0;
    let peakRss = 0;
    for (let i = 0; i < 2000 && !done(); i++) {
      slowestRoundTrip = Math.max(slowestRoundTrip, await talkbackRoundTrip(talkbackPort, 20_000));
      peakRss = Math.max(peakRss, rssBytes(cli.pid));
    }
    await streaming;
    const cpuSpent = cpuMs(cli.pid) - cpuBefore;
    console.log(
      `slow consumers: ${dropped(cli)} dropped, bystander max ${Math.round(slowestRoundTrip)} ms, ` +
        `CPU ${cpuSpent} ms, peak RSS +${Math.round((peakRss - rssBefore) / MiB)} MiB`,
    );

    expect(dropped(cli)).toBe(receivers);
    expect(slowestRoundTrip).toBeLessThan(2000);
    // Each receiver is owed up to 8 MiB, but of the same lines: one shared buffer per turn, not ~100 bytes per line each.
    expect(peakRss - rssBefore).toBeLessThan(250 * MiB);
    expect(cpuSpent).toBeLessThan(15_000);
    // The memory is given back once they are gone (it was held for good before).
    await expect.poll(() => rssBytes(cli.pid) - rssBefore, { timeout: 20_000, interval: 500 }).toBeLessThan(150 * MiB);
  });

  it('keeps peers that read, when one message is larger than the send buffer (8 MiB)', async () => {
    const { cli, ports } = await serveBroadcastAndTalkback({ maxLineLength: 16 * MiB });
    const [broadcastPort, talkbackPort] = ports as [number, number];
    const big = Buffer.alloc(12 * MiB, 'x');
    const receivers = await Promise.all([1, 2, 3, 4].map((i) => open(i < 4 ? broadcastPort : talkbackPort)));
    const received = receivers.map(() => 0);
    receivers.forEach((socket, i) => socket.on('data', (chunk: Buffer) => (received[i]! += chunk.length)));
    const sender = await open(broadcastPort);
    sender.write(big);
    sender.write('\n');
    // The talkback peer gets its own line back: "You said '…'.".
    receivers[3]!.write(big);
    receivers[3]!.write('\n');
    const line = big.length + `[${sender.localAddress}:${sender.localPort}] \n`.length;
    const expected = [line, line, line, big.length + "You said ''.\n".length];
    await expect.poll(() => received, { timeout: 40_000, interval: 100 }).toEqual(expected);
    expect(dropped(cli)).toBe(0);
  }, 60_000);
});
