import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { portOf, spreadOverWorkers, type WorkerClient } from '../testing/cluster-clients.js';

// Native listeners are not bound through the primary: each worker binds its own socket on the
// shared port (SO_REUSEPORT) and runs its own epoll set; the kernel spreads the connections.

let connected: WorkerClient[] = [];
afterEach(async () => {
  for (const { client } of connected) client.destroy();
  connected = [];
  await CliProcess.stopAll();
});

it('--workers 2 --transport native on port 0: both workers serve one port, each on its own native listener', async () => {
  const cli = CliProcess.start(serveArgs('talkback', '--workers', '2', '--transport', 'native'));
  const [url] = await cli.listening();
  await cli.waitForStdout(/2 workers serving/);
  for (const worker of [1, 2]) expect(cli.stdout).toContain(`${url} served by the native transport worker=${worker}`);
  connected = await spreadOverWorkers(cli, portOf(url!), [1, 2], 2);
  for (const [i, { client }] of connected.entries()) {
    client.send(`hello ${i}`);
    expect(await client.readLine()).toBe(`You said 'hello ${i}'.`);
  }
});

it('--workers 2 --transport native: a broadcast crosses the workers through the embedded backplane', async () => {
  const cli = CliProcess.start(serveArgs('broadcast', '--workers', '2', '--transport', 'native'));
  const [url] = await cli.listening();
  await cli.waitForStdout(/2 workers serving/);
  connected = await spreadOverWorkers(cli, portOf(url!), [1, 2]);
  const sender = connected.find(({ worker }) => worker === 1)!.client;
  const receiver = connected.find(({ worker }) => worker === 2)!.client;
  sender.send('across');
  expect(await receiver.readLine()).toBe(`[127.0.0.1:${sender.socket.localPort}] across`);
});

it('--workers 2 --transport native: a worker killed with SIGKILL is replaced on the same port and serves new clients', async () => {
  const cli = CliProcess.start(serveArgs('talkback', '--workers', '2', '--transport', 'native'));
  const [url] = await cli.listening();
  const pids = JSON.parse((await cli.waitForStdout(/2 workers serving pids=(\[[\d,]+\])/))[1]!) as number[];
  process.kill(pids[0]!, 'SIGKILL');
  await cli.waitForStdout(/worker 3 serving pid=\d+/);
  expect(cli.stdout).toContain(`${url} served by the native transport worker=3`);
  connected = await spreadOverWorkers(cli, portOf(url!), [2, 3]);
  for (const [i, { client }] of connected.entries()) {
    client.send(`again ${i}`);
    expect(await client.readLine()).toBe(`You said 'again ${i}'.`);
  }
  cli.signal('SIGTERM');
  expect((await cli.waitForExit()).code).toBe(0);
});

it('--workers 2 --transport native on a port another such server holds: EADDRINUSE (exit 1), not a shared port', async () => {
  const first = CliProcess.start(serveArgs('talkback', '--workers', '2', '--transport', 'native'));
  const [url] = await first.listening();
  const args = ['serve', '--listen', url!, '--handler', 'talkback', '--workers', '2', '--transport', 'native'];
  const second = await CliProcess.run(args);
  expect(second.code).toBe(1);
  expect(second.stderr).toMatch(new RegExp(`Failed to listen on "${url}": Address already in use \\(EADDRINUSE\\)`));
});
