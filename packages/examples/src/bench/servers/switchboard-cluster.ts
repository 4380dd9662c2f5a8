import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { announce, HOST } from './server-control.js';

/**
 * Switchboard's cluster under test: `switchboard serve --workers N --handler broadcast` (the CLI's
 * embedded backplane: workers relay broadcasts through the primary). The primary and its workers
 * inherit this wrapper's CPU pinning; the bench counts the CPU of the whole process tree.
 */
const workers = process.argv[process.argv.indexOf('--workers') + 1] ?? '2';
const bin = fileURLToPath(new URL('../../../../cli/dist/bin.js', import.meta.url));
const args = ['serve', '--workers', workers, '--listen', `tcp://${HOST}:0`, '--handler', 'broadcast'];
const limits = ['--max-connections', '20000', '--backlog', '4096', '--log-level', 'warn'];
const cli = spawn(process.execPath, [bin, ...args, ...limits], { stdio: ['ignore', 'pipe', 'pipe'] });
process.on('exit', () => cli.kill('SIGKILL'));
cli.once('exit', (code) => {
  console.error(`switchboard serve exited (${code})`);
  process.exit(1);
});
const listening = /listening tcp:\/\/[^:]+:(\d+)/;
let announced = false;
for (const stream of [cli.stdout, cli.stderr]) {
  createInterface({ input: stream }).on('line', (line) => {
    const match = listening.exec(line);
    if (!match || announced) return;
    announced = true;
    announce(Number(match[1]), () => cli.kill('SIGTERM'));
  });
}
