import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
// The redis package's test impostor: it answers the handshake, then lets a test misbehave.
import { FakeRedis } from '../../../redis/src/testing/fake-redis.js';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { rssBytes, talkbackRoundTrip } from '../testing/process-probe.js';
import { REDIS_SERVER, startRedisServer, stopRedisServers } from '../testing/redis-server.js';

// Attack: whatever answers on the Redis port. A reply nested 3,000 deep crashed the server (a
// RangeError in the client's parser, exit 1); a 2 GB bulk header grew RSS from 75 to 477 MB; a
// stalled Redis queued every publish (4.1 GB in 16 s); the password was printed in every warning;
// --redis loaded @switchboard/redis from the working directory's node_modules chain.

const MB = 1024 * 1024;
const fakes: FakeRedis[] = [];
const clients: LineClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await CliProcess.stopAll();
  stopRedisServers();
  for (const fake of fakes.splice(0)) await fake.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const port = (url: string) => Number(url.split(':').pop());
const warnings = (cli: CliProcess) => (cli.stdout + cli.stderr).match(/warn .*redis backplane:/g) ?? [];

/** Streams up to 256 MB after a 2 GB bulk header, until the server hangs up. */
function hugeBulk(socket: Socket): void {
  socket.write('*3\r\n$7\r\nmessage\r\n$11\r\nswitchboard\r\n$2000000000\r\n');
  const chunk = Buffer.alloc(MB, 0x78);
  let sent = 0;
  const pump = () => {
    while (sent < 256 && !socket.destroyed && socket.write(chunk)) sent++;
    if (sent < 256 && !socket.destroyed) socket.once('drain', pump);
  };
  pump();
}

/** Waits for 'drain', at most `ms`. */
function drained(socket: Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    socket.once('drain', done);
    function done() {
      clearTimeout(timer);
      socket.off('drain', done);
      resolve();
    }
  });
}

describe('a hostile Redis against switchboard serve --redis', () => {
  it.each([
    ['a reply nested 3,000 levels deep', (socket: Socket) => socket.write('*1\r\n'.repeat(3000))],
    ['a 2 GB bulk reply', hugeBulk],
    ['garbage', (socket: Socket) => socket.write('\x00\x01\x02 not RESP\r\n'.repeat(100))],
  ])('%s: the server lives on, memory stays flat, one warning, no password', async (_, attack) => {
    let attacking = false;
    const fake = await FakeRedis.start({ onSubscribe: (socket) => attacking && attack(socket) });
    fakes.push(fake);
    const cli = CliProcess.start(serveArgs('talkback', '--redis', fake.url(':s3cret@')));
    const [url] = await cli.listening();
    const before = rssBytes(cli.pid);
    attacking = true;
    for (const socket of fake.subscribers) attack(socket);
    // The backplane resets and reconnects, and is attacked again on every reconnection.
    await expect.poll(() => fake.connections, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    expect(await talkbackRoundTrip(port(url!))).toBeLessThan(5000);
    expect(cli.stdout).not.toMatch(/exited|RangeError/);
    expect(rssBytes(cli.pid) - before).toBeLessThan(100 * MB);
    expect(warnings(cli)).toHaveLength(1);
    expect(cli.stdout).toContain('redis://:***@127.0.0.1');
    expect(cli.stdout + cli.stderr).not.toContain('s3cret');
  });

  it.skipIf(!REDIS_SERVER)(
    'a stalled Redis (SIGSTOP): memory stays bounded while a client chatters, broadcasts resume after SIGCONT',
    async () => {
      const redis = await startRedisServer();
      const chatty = CliProcess.start(serveArgs('broadcast', '--redis', redis.url));
      const [url] = await chatty.listening();
      const client = await LineClient.connect({ port: port(url!) });
      clients.push(client);
      await chatty.waitForStdout(/connected /);
      const before = rssBytes(chatty.pid);
      redis.process.kill('SIGSTOP');
      // ~200 MB of broadcasts in 1 KB lines, bounded in time too; the server reads as fast as it can.
      const line = 'x'.repeat(1000);
      const deadline = Date.now() + 10_000;
      let peak = 0;
      for (let i = 0; i < 200 && Date.now() < deadline; i++) {
        for (let j = 0; j < 1000; j++) client.send(line);
        await new Promise((resolve) => setImmediate(resolve));
        if (client.socket.writableLength > 8 * MB) await drained(client.socket, 1000);
        peak = Math.max(peak, rssBytes(chatty.pid));
      }
      await chatty.waitForStdout(/dropping broadcasts to other processes/, 15_000);
      peak = Math.max(peak, rssBytes(chatty.pid));
      expect(peak - before).toBeLessThan(200 * MB);
      // Unanswered past commandTimeout (5 s): the connection is reset, its unacknowledged broadcasts counted.
      await chatty.waitForStdout(/lost the Redis connection: Redis did not answer within 5000 ms/, 20_000);
      redis.process.kill('SIGCONT');
      // A second server on the same Redis hears the chatty one again.
      const listener = CliProcess.start(serveArgs('broadcast', '--redis', redis.url));
      const receiver = await LineClient.connect({ port: port((await listener.listening())[0]!) });
      clients.push(receiver);
      await listener.waitForStdout(/connected /);
      await expect
        .poll(
          async () => {
            client.send('are you there?');
            return receiver.readLine(500).catch(() => '');
          },
          { timeout: 20_000, interval: 200 },
        )
        .toMatch(/are you there\?$/);
      expect(warnings(chatty).length).toBeLessThanOrEqual(3); // dropping, lost, and nothing per message
    },
    60_000,
  );

  it('a password in --redis is hidden in the startup failure', async () => {
    const fake = await FakeRedis.start();
    const closedPort = fake.port;
    await fake.close();
    const { code, stderr } = await CliProcess.run(
      serveArgs('echo', '--redis', `redis://app:s3cret@127.0.0.1:${closedPort}`),
    );
    expect(code).toBe(1);
    expect(stderr).toContain(`redis://***:***@127.0.0.1:${closedPort}`);
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).not.toContain('s3cret');
    const usage = await CliProcess.run(serveArgs('echo', '--redis', 'http://:s3cret@127.0.0.1'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toContain('s3cret');
  });

  it('--redis never loads a @switchboard/redis planted above the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-planted-'));
    dirs.push(dir);
    const planted = join(dir, 'node_modules', '@switchboard', 'redis');
    const marker = join(dir, 'planted-code-ran');
    mkdirSync(planted, { recursive: true });
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(planted, 'package.json'), JSON.stringify({ name: '@switchboard/redis', main: 'index.js' }));
    writeFileSync(
      join(planted, 'index.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n` +
        'exports.registerRedisBackplane = async () => ({ close: async () => {} });\n',
    );
    const fake = await FakeRedis.start();
    fakes.push(fake);
    const cli = CliProcess.start(serveArgs('talkback', '--redis', fake.url()), { cwd: join(dir, 'app') });
    await cli.listening();
    await expect.poll(() => fake.commands.some(([name]) => name === 'SUBSCRIBE')).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });
});
