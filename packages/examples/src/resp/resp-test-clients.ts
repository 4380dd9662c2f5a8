import { execFile, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/** Where a command-line tool is, if this machine has it. */
export function findTool(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

export const REDIS_CLI = findTool('redis-cli');
export const NC = findTool('nc');

/**
 * Whether the redis-cli tests can run: in CI a missing tool fails loudly (the CI image installs
 * redis-tools); elsewhere the tests are skipped with a warning.
 */
export function requireTool(name: string, path: string | undefined): boolean {
  if (path) return true;
  if (process.env.CI)
    throw new Error(`${name} is missing: install it (Debian: redis-tools / netcat-openbsd) for these tests`);
  console.warn(`skipping tests that need ${name}: not installed`);
  return false;
}

/** Runs `redis-cli -p <port> args…` (≤ 10 s); its stdout. */
export function redisCli(port: number, args: readonly string[], input?: string): Promise<string> {
  return run(REDIS_CLI!, ['-h', '127.0.0.1', '-p', String(port), ...args], input);
}

/** Sends `input` with nc, half-closes, and returns everything the server answered (≤ 10 s). */
export function netcat(port: number, input: string): Promise<string> {
  return run(NC!, ['-N', '127.0.0.1', String(port)], input);
}

function run(command: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 10_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin!.end(input ?? '');
  });
}

/** A raw TCP client for byte-exact tests: collects what arrives, waits for conditions (bounded). */
export class RawClient {
  received = Buffer.alloc(0);
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  text(): string {
    return this.received.toString('latin1');
  }

  /** Waits until `done()` holds (or fails after `timeoutMs`, showing what arrived). */
  async until(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.text().slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
