import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { openFds, rssBytes, talkbackRoundTrip } from '../testing/process-probe.js';
import { closesWithin, openRaw, type RawSocket } from '../testing/raw-socket.js';

afterEach(() => CliProcess.stopAll());

/** `serve` on tcp:// with talkback and `extra` flags; its port. */
async function serveTcp(...extra: string[]): Promise<{ cli: CliProcess; port: number }> {
  const cli = CliProcess.start(serveArgs('talkback', ...extra));
  const [url] = await cli.listening();
  return { cli, port: Number(url!.split(':').pop()) };
}

/** Opens `count` silent connections from 127.0.0.1, one after another (bounded: each connect waits ≤ 5 s). */
async function openSilent(port: number, count: number): Promise<RawSocket[]> {
  const sockets: RawSocket[] = [];
  for (let i = 0; i < count; i++) sockets.push(await openRaw(port));
  return sockets;
}

const occurrences = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern, 'g')) ?? []).length;

describe('one address against the connection slots of switchboard serve', () => {
  it('--max-connections-per-ip refuses the extra connection from that address, not from others', async () => {
    const { cli, port } = await serveTcp('--max-connections-per-ip', '5');
    const held = await openSilent(port, 5);
    const extra = await openRaw(port);
    expect(await closesWithin(extra.closed, 5000)).toBe(true);
    expect(extra.received()).toMatch(/^ERROR MAX_CONNECTIONS_PER_IP .*127\.0\.0\.1.*\n$/);
    await cli.waitForStdout(/refused 127\.0\.0\.1:\d+: Too many connections from 127\.0\.0\.1/);
    // Another address (a second loopback address stands for another machine) is served at once.
    expect(await talkbackRoundTrip(port, 2000, '127.0.0.2')).toBeLessThan(2000);
    held.forEach((client) => client.socket.destroy());
    // Slots come back when connections close: the address is served again.
    await expect.poll(() => talkbackRoundTrip(port, 2000).catch(() => Infinity), { timeout: 5000 }).toBeLessThan(2000);
  });

  it('a flood of silent sockets from one address cannot lock out another address', async () => {
    const { cli, port } = await serveTcp('--max-connections', '400', '--max-connections-per-ip', '200');
    const rssBefore = rssBytes(cli.pid);
    const fdsBefore = openFds(cli.pid);
    const flood = await openSilent(port, 300);
    await Promise.all(flood.slice(200).map((client) => closesWithin(client.closed, 5000)));
    // The refused 100 are gone; what is left is the 200 the address may hold (and a few of Node's own).
    await expect.poll(() => openFds(cli.pid) - fdsBefore, { timeout: 5000 }).toBeLessThanOrEqual(200 + 20);
    expect(await talkbackRoundTrip(port, 2000, '127.0.0.2')).toBeLessThan(2000);
    // 200 idle connections stay in the tens of kilobytes each at most.
    expect(rssBytes(cli.pid) - rssBefore).toBeLessThan(40 * 1024 * 1024);
    // 100 refusals are not 100 log lines: a few each second, then one line that counts the rest.
    const summary = await cli.waitForStdout(/refused (\d+) more connections \(MAX_CONNECTIONS_PER_IP\)/);
    const lines = cli.stdout.split('\n').filter((line) => / refused 127\.0\.0\.1:\d+: /.test(line)).length;
    expect(lines).toBeLessThanOrEqual(40);
    expect(lines + Number(summary[1])).toBeGreaterThanOrEqual(100);
  });

  it('warns once when one address holds more than half of a listener slots', async () => {
    const { cli, port } = await serveTcp('--max-connections', '10');
    const first = await openSilent(port, 6);
    await cli.waitForStdout(/127\.0\.0\.1 holds 6 of the 10 connection slots/);
    first.forEach((client) => client.socket.destroy());
    await Promise.all(first.map((client) => closesWithin(client.closed, 5000)));
    // The client's side closes at once; the server frees a slot when it has handled the FIN (its
    // `disconnected` line comes after the slot is free), which may take a turn or two longer.
    await expect
      .poll(() => occurrences(cli.stdout, /disconnected 127\.0\.0\.1:\d+/), { timeout: 5000 })
      .toBeGreaterThanOrEqual(6);
    const again = await openSilent(port, 8);
    expect(await talkbackRoundTrip(port, 2000, '127.0.0.2')).toBeLessThan(2000);
    again.forEach((client) => client.socket.destroy());
    expect(occurrences(cli.stdout, /127\.0\.0\.1 holds \d+ of the 10 connection slots/)).toBe(1);
  });

  it('--accept-rate-per-ip refuses a burst of new connections from one address, not from others', async () => {
    const { cli, port } = await serveTcp('--accept-rate-per-ip', '2', '--accept-burst-per-ip', '5');
    const burst = await Promise.all(Array.from({ length: 20 }, () => openRaw(port)));
    await Promise.all(burst.map((client) => closesWithin(client.closed, 500)));
    const refused = burst.filter((client) => client.received().startsWith('ERROR ACCEPT_RATE_PER_IP'));
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeLessThanOrEqual(15);
    await cli.waitForStdout(/refused 127\.0\.0\.1:\d+: Too many new connections from 127\.0\.0\.1/);
    expect(await talkbackRoundTrip(port, 2000, '127.0.0.2')).toBeLessThan(2000);
    burst.forEach((client) => client.socket.destroy());
  });
});
