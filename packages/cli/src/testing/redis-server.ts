import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { LineClient } from '@switchboard/core/testing';

/** The redis-server binary, if this machine has one (CI does). */
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

const started = new Set<ChildProcess>();

/** A port that was free a moment ago (redis-server cannot bind port 0 and report it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * A private redis-server on 127.0.0.1 (no persistence), for tests that stop or kill it; waits
 * (≤ 5 s) until it answers. `stopRedisServers()` in afterEach kills every one. Give `port` to
 * start one again where a killed one was (an outage test).
 */
export async function startRedisServer(port?: number): Promise<{ url: string; process: ChildProcess }> {
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(REDIS_SERVER!, args, { stdio: 'ignore' });
  started.add(child);
  const deadline = Date.now() + 5000;
  for (;;) {
    const up = await LineClient.connect({ port }, 500).then(
      (client) => (client.destroy(), true),
      () => false,
    );
    if (up) return { url: `redis://127.0.0.1:${port}`, process: child };
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function stopRedisServers(): void {
  for (const child of started) {
    child.kill('SIGKILL');
  }
  started.clear();
}
