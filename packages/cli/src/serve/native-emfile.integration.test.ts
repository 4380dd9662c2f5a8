import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { portOf } from '../testing/cluster-clients.js';
import { cpuMs, openFds } from '../testing/process-probe.js';

const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;
const EMFILE_LINE = /Failed to accept on "tcp:\/\/[^"]+": accept EMFILE; retrying every 100 ms/g;

const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await CliProcess.stopAll();
});

/** A client that sends one line; what comes back (the echo, once the server accepted it). */
function client(port: number): { socket: Socket; echoed: () => boolean; received: () => string } {
  const socket = connect({ port, host: '127.0.0.1' });
  sockets.push(socket);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  socket.on('error', () => {});
  socket.write('ping\n');
  return { socket, echoed: () => answer.startsWith('ping\n'), received: () => answer };
}

async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it.runIf(process.platform === 'linux' && hasPrlimit)(
  'out of descriptors, the native transport says so once, idles, keeps its clients, and accepts again when fds free up',
  async () => {
    const cli = CliProcess.start(serveArgs('echo', '--transport', 'native'));
    const port = portOf((await cli.listening())[0]!);
    // Room for a few connections more than the server holds now, then a flood of clients.
    const room = 6;
    expect(spawnSync('prlimit', ['--pid', String(cli.pid), `--nofile=${openFds(cli.pid) + room}:`]).status).toBe(0);
    const clients = Array.from({ length: 3 * room }, () => client(port));
    await cli.waitForStdout(EMFILE_LINE);
    await until(() => clients.some((c) => c.echoed()), 'the first clients to be served');
    const served = clients.filter((c) => c.echoed());
    // The limit is on descriptor numbers, so a gap below it may take one or two more.
    expect(served.length).toBeLessThan(clients.length);

    // At the limit, the listener waits (retrying every 100 ms) instead of spinning on accept.
    const before = cpuMs(cli.pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(cpuMs(cli.pid) - before).toBeLessThan(400);
    expect(cli.stdout.match(EMFILE_LINE)).toHaveLength(1);
    expect(clients.filter((c) => c.echoed())).toHaveLength(served.length);
    // The connections it has are still served.
    served[0]!.socket.write('still here\n');
    await until(() => served[0]!.received() === 'ping\nstill here\n', 'the second echo');

    // Descriptors free up: waiting clients are accepted and served.
    for (const c of served) c.socket.destroy();
    await until(() => clients.some((c) => !served.includes(c) && c.echoed()), 'a waiting client to be served');
  },
);
