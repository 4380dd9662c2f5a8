import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Every child the bench started and has not seen exit: killed at the end, on error and on SIGINT. */
const live = new Set<ChildProcess>();

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Spawns `node <args>` pinned to `cpu` (with taskset, where it exists), stdin/stdout piped. */
export function spawnNode(cpu: number, args: readonly string[]): ChildProcess {
  return spawnPinned(cpu, process.execPath, args);
}

/** Spawns any program pinned to `cpu` (with taskset, where it exists), stdin/stdout piped. */
export function spawnPinned(cpu: number, program: string, args: readonly string[]): ChildProcess {
  const line = [program, ...args];
  const [command, ...rest] = hasTaskset ? ['taskset', '-c', String(cpu), ...line] : line;
  const child = spawn(command!, rest, { stdio: ['pipe', 'pipe', 'inherit'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

export function pinningAvailable(): boolean {
  return hasTaskset;
}

/** One line reader per child, shared by everyone listening to it. */
const readers = new WeakMap<ChildProcess, Set<(line: string) => void>>();

/** Calls `onLine` for each stdout line of `child`; returns a function that stops it. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): () => void {
  let listeners = readers.get(child);
  if (!listeners) {
    const set = new Set<(line: string) => void>();
    readers.set(child, (listeners = set));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      for (const listener of [...set]) listener(line);
    });
  }
  listeners.add(onLine);
  return () => listeners.delete(onLine);
}

/** Waits for the first stdout line matching `pattern`; rejects after `timeoutMs` or if the child exits. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error, match?: RegExpMatchArray) => {
      clearTimeout(timer);
      unsubscribe();
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(match!);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before printing ${pattern}`));
    const timer = setTimeout(() => done(new Error(`no ${pattern} from child within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', onExit);
    const unsubscribe = onLines(child, (line) => {
      const match = pattern.exec(line);
      if (match) done(undefined, match);
    });
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export function stopChild(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

/** Kills every child still running, at once (used on exit paths). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
