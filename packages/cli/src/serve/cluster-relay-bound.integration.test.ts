import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { portOf, spreadOverWorkers, type WorkerClient } from '../testing/cluster-clients.js';
import { rssBytes } from '../testing/process-probe.js';
import { METRICS_FLAGS, metricsUrlOf, sample, scrapeUntil } from '../testing/scrape.js';

let connected: WorkerClient[] = [];
let stopped: number | undefined;
afterEach(async () => {
  if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
  stopped = undefined;
  for (const { client } of connected) client.destroy();
  connected = [];
  await CliProcess.stopAll();
});

it('a stopped worker costs the primary a bounded queue: the relay drops, logs once, counts, and resumes', async () => {
  const cli = CliProcess.start(serveArgs('broadcast', '--workers', '2', ...METRICS_FLAGS));
  const [url] = await cli.listening();
  const metrics = await metricsUrlOf(cli);
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
  const dropped = Number((await cli.waitForStdout(/relay to worker 2 caught up; (\d+) broadcasts dropped/, 30_000))[1]);
  expect(dropped).toBeGreaterThan(0);
  // One line per episode, not per batch (the worker's own outlet to the busy primary may have its own).
  expect(cli.stdout.match(/relay to worker 2 is behind/g)).toHaveLength(1);
  sender!.send('after');
  await receiver.readLineMatching(/\] after$/, 30_000);

  // The primary's counters for worker 2 agree with its log and with both workers' own counts:
  // whatever worker 1 published was relayed to worker 2 or dropped, and worker 2 received what was relayed.
  const relayed = (text: string, outcome: string, worker = '2') =>
    sample(text, `switchboard_relay_${outcome}_total`, { worker }) ?? NaN;
  const settled = (text: string) =>
    relayed(text, 'sent') + relayed(text, 'dropped') + relayed(text, 'failed') ===
      sample(text, 'switchboard_backplane_published_total') &&
    relayed(text, 'sent') === sample(text, 'switchboard_backplane_received_total');
  const body = await scrapeUntil(metrics, settled);
  expect(settled(body)).toBe(true);
  expect(relayed(body, 'dropped')).toBe(dropped);
  expect(relayed(body, 'sent')).toBeGreaterThan(0);
  expect(relayed(body, 'failed')).toBe(0);
  expect(relayed(body, 'sent', '1') + relayed(body, 'dropped', '1')).toBe(0); // worker 2's clients sent nothing
}, 90_000);
