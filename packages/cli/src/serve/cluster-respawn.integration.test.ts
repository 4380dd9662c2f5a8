import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { crashFile } from '../test-fixtures/crash-when-file-plugin.js';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { connectToWorker, portOf, spreadOverWorkers, type WorkerClient } from '../testing/cluster-clients.js';
import { fileURLToPath } from 'node:url';

const fixture = (name: string) => fileURLToPath(new URL(`../../dist/test-fixtures/${name}.js`, import.meta.url));

let connected: WorkerClient[] = [];
const crashFiles: string[] = [];
afterEach(async () => {
  for (const { client } of connected) client.destroy();
  connected = [];
  await CliProcess.stopAll();
  for (const file of crashFiles.splice(0)) rmSync(file, { force: true });
});

it('a worker killed with SIGKILL is replaced while the others serve; SIGTERM then stops all without replacing', async () => {
  const cli = CliProcess.start(serveArgs('talkback', '--workers', '2'));
  const [url] = await cli.listening();
  const pids = JSON.parse((await cli.waitForStdout(/2 workers serving pids=(\[[\d,]+\])/))[1]!) as number[];
  process.kill(pids[0]!, 'SIGKILL');
  await cli.waitForStdout(new RegExp(`worker \\d+ \\(pid ${pids[0]}\\) exited \\(SIGKILL\\); replacing it in 100 ms`));
  // The listener stays open throughout: the other worker takes the clients until the new one is up.
  connected = [await connectToWorker(cli, portOf(url!))];
  connected[0]!.client.send('meanwhile');
  expect(await connected[0]!.client.readLine()).toBe(`You said 'meanwhile'.`);
  const newPid = Number((await cli.waitForStdout(/worker 3 serving pid=(\d+)/))[1]);
  expect(pids).not.toContain(newPid);
  connected.push(...(await spreadOverWorkers(cli, portOf(url!), [2, 3])));
  for (const [i, { client }] of connected.entries()) {
    client.send(`hello ${i}`);
    expect(await client.readLine()).toBe(`You said 'hello ${i}'.`);
  }
  cli.signal('SIGTERM');
  expect((await cli.waitForExit()).code).toBe(0);
  expect(cli.stdout.match(/replacing it/g)).toHaveLength(1);
});

it('a crash loop (5 deaths in 30 s) stops the server with one line on stderr and exit 1', async () => {
  const cli = CliProcess.start(serveArgs('talkback', '--workers', '2', '--plugin', fixture('crash-when-file-plugin')));
  const pids = JSON.parse((await cli.waitForStdout(/2 workers serving pids=(\[[\d,]+\])/))[1]!) as number[];
  // From now on every replacement exits in register(), as after a bad deploy.
  crashFiles.push(crashFile(cli.pid));
  writeFileSync(crashFile(cli.pid), '');
  process.kill(pids[0]!, 'SIGKILL');
  // 100 + 200 + 400 + 800 ms of backoff and four failed starts (each a whole Node startup, which on a
  // loaded CI core can take seconds).
  const { code } = await cli.waitForExit(50_000);
  expect(code).toBe(1);
  expect(cli.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(
      /^Workers keep dying: 5 exits within 30 s, the last worker \d+ \(pid \d+\) \(code 3\); stopping the server$/,
    ),
  ]);
  expect(cli.stdout.match(/replacing it in/g)).toHaveLength(4);
}, 60_000);
