import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
// The redis package's test impostor: the CLI's tests meet the same fake Redis as the package's.
import { FakeRedis } from '../../../redis/src/testing/fake-redis.js';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { REDIS_SERVER, startRedisServer, stopRedisServers } from '../testing/redis-server.js';

const clients: LineClient[] = [];
const fakes: FakeRedis[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await CliProcess.stopAll();
  stopRedisServers();
  for (const fake of fakes.splice(0)) await fake.close();
});

it.skipIf(!REDIS_SERVER)(
  '--redis: broadcast reaches the clients of another process (skipped without redis-server)',
  async () => {
    const { url } = await startRedisServer();
    const args = serveArgs('broadcast', '--redis', url);
    const [one, two] = [CliProcess.start(args), CliProcess.start(args)];
    const [[urlOne], [urlTwo]] = await Promise.all([one.listening(), two.listening()]);
    const sender = await LineClient.connect({ port: Number(urlOne!.split(':').pop()) });
    const receiver = await LineClient.connect({ port: Number(urlTwo!.split(':').pop()) });
    clients.push(sender, receiver);
    await two.waitForStdout(/connected /);
    sender.send('across processes');
    expect(await receiver.readLine()).toBe(`[127.0.0.1:${sender.socket.localPort}] across processes`);
  },
);

it('--redis-channel names the channel the server subscribes and publishes on', async () => {
  const fake = await FakeRedis.start();
  fakes.push(fake);
  const cli = CliProcess.start(serveArgs('broadcast', '--redis', fake.url(), '--redis-channel', 'app-two'));
  const [url] = await cli.listening();
  const client = await LineClient.connect({ port: Number(url!.split(':').pop()) });
  clients.push(client);
  await cli.waitForStdout(/connected /);
  client.send('hello');
  await expect.poll(() => fake.commands.find(([name]) => name === 'PUBLISH')?.[1]).toBe('app-two');
  expect(fake.commands).toContainEqual(['SUBSCRIBE', 'app-two']);
});
