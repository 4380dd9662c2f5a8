import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { portOf, spreadOverWorkers, type WorkerClient } from '../testing/cluster-clients.js';
import { rssBytes } from '../testing/process-probe.js';

let connected: WorkerClient[] = [];
let stopped: number | undefined;
afterEach(async () => {
  if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
  stopped = undefined;
  for (const { client } of connected) client.destroy();
  connected = [];
  await CliProcess.stopAll();
});

it('a stopped worker costs the primary a bounded queue: the relay drops, logs once, and resumes', async () => {
  const cli = CliProcess.start(serveArgs('broadcast', '--workers', '2'));
  const [url] = await cli.listening();
  const pids = JSON.parse((await cli.waitForStdout(/2 workers serving pids=(\[[\d,]+\])/))[1]!) as number[];
  connected = await spreadOverWorkers(cli, portOf(url!), [1, 2], 2);
  const [sender, witness] = connected.filter(({ worker }) => worker === 1).map(({ client }) => client);
  const receiver = connected.find(({ worker }) => worker === 2)!.client;
  const rssBefore = rssBytes(cli.pid);
  stopped = pids[1]!;
  process.kill(stopped, 'SIGSTOP');
  // 64 MB of broadcasts for a worker that reads nothing: without the bound the primary would queue them all.
  const chunk = `${'x'.repeat(999)}\n`.repeat(1024);
  for (let i = 0; i < 64; i++) {
    if (!sender!.socket.write(chunk)) await new Promise((resolve) => sender!.socket.once('drain', resolve));
  }
  // Once a client of the sender's worker has the last line, that worker has published the flood.
  let tail = '';
  const witnessed = new Promise((resolve) =>
    witness!.socket.on('data', (data: Buffer) => {
      tail = (tail + data.toString('latin1', Math.max(0, data.length - 16))).slice(-16);
      if (tail.endsWith('] last\n')) resolve(true);
    }),
  );
  sender!.send('last');
  await witnessed;
  await cli.waitForStdout(/relay to worker 2 is behind \(.*\): dropping broadcasts until it catches up/, 30_000);
  // Bounded: about +60 MB (16 MiB serialized, plus what was read and not yet collected); unbounded, +140 MB.
  expect(rssBytes(cli.pid) - rssBefore).toBeLessThan(96 * 1024 * 1024);
  process.kill(stopped, 'SIGCONT');
  stopped = undefined;
  await cli.waitForStdout(/relay to worker 2 caught up; \d+ broadcasts dropped/, 30_000);
  // One line per episode, not per batch (the worker's own outlet to the busy primary may have its own).
  expect(cli.stdout.match(/relay to worker 2 is behind/g)).toHaveLength(1);
  sender!.send('after');
  await receiver.readLineMatching(/\] after$/, 30_000);
}, 90_000);
