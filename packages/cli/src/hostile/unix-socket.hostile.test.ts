import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';

// Attack: while a server is briefly unresponsive (GC pause, busy loop, SIGSTOP) its accept backlog
// fills and connects fail with EAGAIN; a second server must not read that as "stale", delete the
// live server's socket file and take its address.

let dir: string;
const sockets: Socket[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-unix-'));
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await CliProcess.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Connects until the backlog of a stopped server is full (EAGAIN); bounded in count. */
async function fillBacklog(path: string, max = 4096): Promise<number> {
  for (let i = 0; i < max; i++) {
    const code = await new Promise<string>((resolve) => {
      const socket = connect({ path });
      sockets.push(socket);
      socket.once('connect', () => resolve('connected'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'UNKNOWN'));
    });
    if (code === 'EAGAIN') return i;
    if (code !== 'connected') throw new Error(`unexpected ${code} while filling the backlog`);
  }
  throw new Error(`no EAGAIN after ${max} connects`);
}

async function connectWhenAccepting(path: string, timeoutMs = 5000): Promise<LineClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await LineClient.connect({ path });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

it('a second server does not take over the socket of a live server whose backlog is full', async () => {
  const path = join(dir, 'live.sock');
  const first = CliProcess.start(['serve', '--listen', `unix://${path}`, '--handler', 'talkback']);
  await first.listening();
  const inode = statSync(path).ino;
  first.signal('SIGSTOP');
  try {
    expect(await fillBacklog(path)).toBeGreaterThan(0);
    const second = await CliProcess.run(['serve', '--listen', `unix://${path}`, '--handler', 'echo']);
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toContain('EADDRINUSE');
    expect(lines[0]).toContain('EAGAIN');
  } finally {
    first.signal('SIGCONT');
  }
  // The file is still the first server's, and it answers on it once it runs again.
  expect(statSync(path).ino).toBe(inode);
  for (const socket of sockets.splice(0)) socket.destroy();
  // The resumed server first works through the backlog of closed connects: until then a new one may
  // still meet a full queue (EAGAIN), so retry for a bounded time.
  const client = await connectWhenAccepting(path);
  client.send('still mine');
  expect(await client.readLine()).toBe("You said 'still mine'.");
  client.destroy();
});

it('a socket path longer than the kernel allows is refused at start, naming the limit, and leaves no file', async () => {
  const path = join(dir, 'x'.repeat(120 - dir.length));
  const { code, stderr } = await CliProcess.run(['serve', '--listen', `unix://${path}`, '--handler', 'echo']);
  expect(code).toBe(2);
  expect(stderr).toMatch(/allows at most 107/);
  // Nothing truncated was bound beside it.
  expect(existsSync(path.slice(0, 107))).toBe(false);
});
