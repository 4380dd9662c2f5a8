import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { REDIS_SERVER, startRedisServer, stopRedisServers } from '../testing/redis-server.js';

// Two `serve --redis` processes share a private redis-server, which is killed and started again on
// the same port: local chat goes on in each process meanwhile, cross-process chat comes back by
// itself within the reconnection backoff (100 ms doubling to 5 s) plus a connect.
const RESUME_WITHIN_MS = 15_000;

const clients: LineClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await CliProcess.stopAll();
  stopRedisServers();
});

async function connect(url: string): Promise<LineClient> {
  const client = await LineClient.connect({ port: Number(url.split(':').pop()) });
  clients.push(client);
  return client;
}

/** Sends `text` from `from` until `to` hears it (a lost one is fine: at most once), within `ms`. */
async function heardWithin(from: LineClient, to: LineClient, text: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (let i = 0; Date.now() < deadline; i++) {
    from.send(`${text} ${i}`);
    const line = await to.readLine(250).catch(() => '');
    if (line.includes(text)) return true;
  }
  return false;
}

it.skipIf(!REDIS_SERVER)(
  'survives a Redis outage: local chat goes on, cross-process chat resumes after Redis returns',
  async () => {
    const redis = await startRedisServer();
    const port = Number(redis.url.split(':').pop());
    const args = serveArgs('broadcast', '--redis', redis.url);
    const [one, two] = [CliProcess.start(args), CliProcess.start(args)];
    const [[urlOne], [urlTwo]] = await Promise.all([one.listening(), two.listening()]);
    const [a1, a2, b1, b2] = await Promise.all([
      connect(urlOne!),
      connect(urlOne!),
      connect(urlTwo!),
      connect(urlTwo!),
    ]);
    expect(await heardWithin(a1, b1, 'before', 5000)).toBe(true);

    const gone = new Promise((resolve) => redis.process.once('exit', resolve));
    redis.process.kill('SIGKILL');
    await gone;
    await Promise.all([one.waitForStdout(/redis backplane: /), two.waitForStdout(/redis backplane: /)]);
    // Redis is gone: each process still chats locally, and nothing crashes.
    a1.send('local one');
    expect(await a2.readLineMatching(/local one$/)).toMatch(/^\[127\.0\.0\.1:\d+\] local one$/);
    b1.send('local two');
    expect(await b2.readLineMatching(/local two$/)).toMatch(/^\[127\.0\.0\.1:\d+\] local two$/);

    await startRedisServer(port);
    expect(await heardWithin(a1, b1, 'after one to two', RESUME_WITHIN_MS)).toBe(true);
    expect(await heardWithin(b2, a2, 'after two to one', RESUME_WITHIN_MS)).toBe(true);
    for (const cli of [one, two]) {
      expect(cli.stderr).toBe('');
      expect(() => process.kill(cli.pid, 0)).not.toThrow();
    }
  },
  60_000,
);
