import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

let redis: ChildProcess | undefined;
const clients: LineClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await CliProcess.stopAll();
  redis?.kill('SIGKILL');
  redis = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function startRedis(): Promise<string> {
  const port = await freePort();
  redis = spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 5000;
  for (;;) {
    const up = await LineClient.connect({ port }, 500).then(
      (client) => (client.destroy(), true),
      () => false,
    );
    if (up) return `redis://127.0.0.1:${port}`;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it.skipIf(!REDIS_SERVER)(
  '--redis: broadcast reaches the clients of another process (skipped without redis-server)',
  async () => {
    const url = await startRedis();
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
