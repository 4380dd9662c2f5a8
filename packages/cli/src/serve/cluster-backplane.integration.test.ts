import { fileURLToPath } from 'node:url';
import type { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { portOf, spreadOverWorkers, type WorkerClient } from '../testing/cluster-clients.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../dist/test-fixtures/${name}.js`, import.meta.url));

let connected: WorkerClient[] = [];
afterEach(async () => {
  for (const { client } of connected) client.destroy();
  connected = [];
  await CliProcess.stopAll();
});

/** Reads lines until `count` have come (each read bounded by LineClient's timeout). */
async function readLines(client: LineClient, count: number): Promise<string[]> {
  const lines: string[] = [];
  while (lines.length < count) lines.push(await client.readLine());
  return lines;
}

it('--workers 2: a broadcast reaches the room on every worker, once, in order per sender', async () => {
  const cli = CliProcess.start(serveArgs('broadcast', '--workers', '2'));
  const [url] = await cli.listening();
  await cli.waitForStdout(/2 workers serving/);
  connected = await spreadOverWorkers(cli, portOf(url!), [1, 2], 2);
  const PER_SENDER = 30;
  for (const { client } of connected) for (let i = 0; i < PER_SENDER; i++) client.send(`line ${i}`);
  // Then a last line each, so that a duplicate still in flight behind the lines would show before it.
  for (const { client } of connected) client.send('end');
  for (const { client } of connected) {
    const others = connected.filter((other) => other.client !== client);
    const lines = await readLines(client, others.length * (PER_SENDER + 1));
    for (const other of others) {
      const from = `[127.0.0.1:${other.client.socket.localPort}] `;
      const heard = lines.filter((line) => line.startsWith(from)).map((line) => line.slice(from.length));
      expect(heard).toEqual([...Array.from({ length: PER_SENDER }, (_, i) => `line ${i}`), 'end']);
    }
  }
});

it('--workers 2: bytes broadcast on one worker arrive byte-exact on the other', async () => {
  const cli = CliProcess.start([
    'serve',
    '--listen',
    'tcp://127.0.0.1:0',
    '--handler',
    'byte-relay',
    '--workers',
    '2',
    '--plugin',
    fixture('byte-relay-plugin'),
  ]);
  const [url] = await cli.listening();
  await cli.waitForStdout(/2 workers serving/);
  connected = await spreadOverWorkers(cli, portOf(url!), [1, 2]);
  const sender = connected.find(({ worker }) => worker === 1)!.client;
  const receiver = connected.find(({ worker }) => worker === 2)!.client;
  // Every byte value, CR, LF, ESC and invalid UTF-8 included: nothing is escaped or decoded.
  const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 256));
  sender.write(bytes);
  expect(await receiver.readBytes(bytes.length)).toEqual(bytes);
});
