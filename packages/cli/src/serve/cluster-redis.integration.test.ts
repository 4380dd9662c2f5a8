import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { portOf, spreadOverWorkers, type WorkerClient } from '../testing/cluster-clients.js';
import { REDIS_SERVER, startRedisServer, stopRedisServers } from '../testing/redis-server.js';

let connected: WorkerClient[] = [];
afterEach(async () => {
  for (const { client } of connected) client.destroy();
  connected = [];
  await CliProcess.stopAll();
  stopRedisServers();
});

it.skipIf(!REDIS_SERVER)(
  '--workers 2 --redis: two such servers on one Redis share a room, every worker of each (skipped without redis-server)',
  async () => {
    const { url } = await startRedisServer();
    const args = serveArgs('broadcast', '--workers', '2', '--redis', url);
    const servers = [CliProcess.start(args), CliProcess.start(args)];
    for (const server of servers) {
      const [listening] = await server.listening();
      await server.waitForStdout(/2 workers serving/);
      connected.push(...(await spreadOverWorkers(server, portOf(listening!), [1, 2])));
    }
    for (const [i, { client }] of connected.entries()) client.send(`from ${i}`);
    for (const { client } of connected) {
      const others = connected.filter((other) => other.client !== client);
      const heard: string[] = [];
      while (heard.length < others.length) heard.push(await client.readLine());
      const expected = others.map(
        ({ client: other }) =>
          `[127.0.0.1:${other.socket.localPort}] from ${connected.findIndex((c) => c.client === other)}`,
      );
      expect(heard.sort()).toEqual(expected.sort());
    }
  },
);
