import { availableParallelism } from 'node:os';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { spreadOverWorkers } from '../testing/cluster-clients.js';

const clients: LineClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await CliProcess.stopAll();
});

it('--workers 2: both workers serve one port, the primary prints the listening line once, SIGTERM stops all', async () => {
  const cli = CliProcess.start(serveArgs('talkback', '--workers', '2'));
  const [url] = await cli.listening();
  await cli.waitForStdout(/2 workers serving/);
  const port = Number(url!.split(':').pop());
  // Round-robin (js) or the kernel's hash of the addresses (native, SO_REUSEPORT) spreads them.
  const spread = await spreadOverWorkers(cli, port, [1, 2]);
  for (const [i, { client }] of spread.entries()) {
    clients.push(client);
    client.send(`hello ${i}`);
    expect(await client.readLine()).toBe(`You said 'hello ${i}'.`);
  }
  expect(cli.stdout.match(/listening /g)).toHaveLength(1);
  cli.signal('SIGTERM');
  for (const client of clients) expect(await client.readLine()).toMatch(/shutting down/i);
  expect((await cli.waitForExit()).code).toBe(0);
});

it('--workers 2: a failure in the workers is printed once, with its exit code', async () => {
  const { code, stderr } = await CliProcess.run([
    'serve',
    ...['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo,nope', '--workers', '2'],
  ]);
  expect(code).toBe(2);
  expect(stderr.match(/Unknown handler "nope"/g)).toHaveLength(1);
});

it.skipIf(availableParallelism() < 2)('--workers auto starts one worker per core', async () => {
  const cores = availableParallelism();
  const cli = CliProcess.start(serveArgs('echo', '--workers', 'auto'));
  const pids = JSON.parse((await cli.waitForStdout(/workers serving pids=(\[[\d,]+\])/))[1]!) as number[];
  expect(cli.stdout).toContain(`${cores} workers serving`);
  expect(pids).toHaveLength(cores);
  expect(cli.stdout).not.toMatch(/more than the \d+ cores/);
});
