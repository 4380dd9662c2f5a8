import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { announce, HOST } from './server-control.js';

/**
 * Two chat server processes on one Redis, as a team scales a chat across processes:
 * `--kind socketio` runs socketio-redis.js twice (Socket.IO with @socket.io/redis-adapter),
 * `--kind switchboard` runs `switchboard serve --redis … --listen ws://… --handler broadcast`
 * twice. Both share a channel named after this process, so nothing else on that Redis hears
 * them. Prints `port A B`; both inherit this wrapper's CPU pinning, and the bench counts the CPU
 * of the whole process tree.
 */
const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
const kind = arg('--kind', '');
const redisPort = arg('--redis-port', '6379');
const channel = `switchboard-bench-${process.pid}`;
const cli = fileURLToPath(new URL('../../../../cli/dist/bin.js', import.meta.url));
const socketio = fileURLToPath(new URL('./socketio-redis.js', import.meta.url));

function command(): string[] {
  if (kind === 'socketio') return [socketio, '--key', channel, '--redis-port', redisPort];
  if (kind === 'switchboard')
    return [
      cli,
      'serve',
      '--redis',
      `redis://${HOST}:${redisPort}`,
      '--redis-channel',
      channel,
      '--listen',
      `ws://${HOST}:0/`,
      '--handler',
      'broadcast',
      '--max-connections',
      '20000',
      '--backlog',
      '4096',
      '--log-level',
      'warn',
    ];
  console.error(`--kind must be socketio or switchboard, not ${kind}`);
  process.exit(2);
}

/** Starts one process; resolves with its port (from `port N`, or the CLI's `listening ws://host:N/`). */
function start(children: ChildProcess[]): Promise<number> {
  const child = spawn(process.execPath, command(), { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  child.once('exit', (code) => {
    console.error(`${kind} server exited (${code})`);
    process.exit(1);
  });
  const port = /^port (\d+)$|listening ws:\/\/[^:]+:(\d+)/;
  return new Promise((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        const match = port.exec(line);
        if (match) resolve(Number(match[1] ?? match[2]));
        else if (stream === child.stderr) console.error(line);
      });
    }
  });
}

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
const ports = await Promise.all([start(children), start(children)]);
announce(ports, () => children.forEach((child) => child.kill('SIGTERM')));
