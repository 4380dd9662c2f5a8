import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { redisTool } from '../run-redis-benchmark.js';
import { announce, HOST } from './server-control.js';

/**
 * The baseline of the RESP scenario: a real redis-server (no persistence) on a free port. It
 * inherits this process's CPU pinning; the bench talks to this wrapper (port, stats, exit), and
 * the wrapper kills redis-server when it goes.
 */
const port = await freePort();
const redis = spawn(
  redisTool('redis-server')!,
  ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'],
  {
    stdio: 'ignore',
  },
);
process.on('exit', () => redis.kill('SIGKILL'));
redis.once('exit', (code) => {
  console.error(`redis-server exited (${code})`);
  process.exit(1);
});
await waitForPong(port);
announce(port, () => redis.kill('SIGKILL'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, HOST, () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
    server.once('error', reject);
  });
}

/** Waits (≤ 10 s) until redis-server answers PING. */
async function waitForPong(redisPort: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(redisPort, HOST, () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${redisPort} within 10 s`);
}
