import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built command (`tsc -b` makes it; `pnpm test` builds before running vitest). */
export const CLI_BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** Matches `listening URL` in plain and JSON log lines (a JSON line ends the URL with a quote). */
const LISTENING = /listening ([^\s"]+)/g;

const running = new Set<CliProcess>();

/**
 * A `switchboard` process for tests: collects stdout and stderr, waits (always with a timeout)
 * for output or exit, and is killed by `CliProcess.stopAll()` in afterEach.
 */
/** `serve --listen tcp://127.0.0.1:0 --handler <handlers> …extra`: the command most tests run. */
export function serveArgs(handlers: string, ...extra: string[]): string[] {
  return ['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', handlers, ...extra];
}

export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();

  private constructor(args: readonly string[], cwd?: string) {
    // Its own process group, so that stopAll() also reaches cluster workers.
    this.child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, detached: true, stdio: 'pipe' });
    this.child.stdout!.on('data', (chunk: Buffer) => this.append('stdout', chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.append('stderr', chunk));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        running.delete(this);
        this.wake();
        resolve({ code, signal });
      }),
    );
    running.add(this);
  }

  static start(args: readonly string[], options: { cwd?: string } = {}): CliProcess {
    return new CliProcess(args, options.cwd);
  }

  /** Runs a command that finishes by itself (help, a usage error, a bind failure). */
  static async run(
    args: readonly string[],
    timeoutMs = 10_000,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const cli = CliProcess.start(args);
    const { code } = await cli.waitForExit(timeoutMs);
    return { code, stdout: cli.stdout, stderr: cli.stderr };
  }

  /** Kills every process still running, and its workers, and waits for them. */
  static async stopAll(): Promise<void> {
    const left = [...running];
    for (const cli of left) cli.killGroup();
    await Promise.all(left.map((cli) => cli.exited));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits until `count` listeners are up; their URLs, with real ports. */
  async listening(count = 1, timeoutMs = 10_000): Promise<string[]> {
    await this.waitFor(
      () => [...this.stdout.matchAll(LISTENING)].length >= count,
      `${count} listening line(s)`,
      timeoutMs,
    );
    return [...this.stdout.matchAll(LISTENING)].slice(0, count).map((match) => match[1]!);
  }

  /** Waits for stdout to match; returns the match. */
  async waitForStdout(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    await this.waitFor(() => pattern.test(this.stdout), `stdout to match ${pattern}`, timeoutMs);
    return pattern.exec(this.stdout)!;
  }

  async waitForExit(timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms\n${this.output()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes to the process's stdin (`switchboard connect` reads it). */
  input(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Ends the process's stdin. */
  endInput(): void {
    this.child.stdin!.end();
  }

  /** Sends a signal to the process itself (not its workers), as a service manager would. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  private killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  private async waitFor(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`process exited while waiting for ${what}\n${this.output()}`);
      }
      if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}\n${this.output()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private append(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString('utf8');
    this.wake();
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  private output(): string {
    return `stdout: ${this.stdout}\nstderr: ${this.stderr}`;
  }
}
