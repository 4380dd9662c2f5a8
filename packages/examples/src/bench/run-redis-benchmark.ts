import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pinningAvailable } from './child-processes.js';
import type { LoadHooks } from './run-load.js';

const LOAD_CPU = 0;
const TOOLS = ['/usr/bin', '/usr/local/bin'];

/** Where a redis tool is, if this machine has it (Debian: redis-tools, redis-server). */
export function redisTool(name: 'redis-benchmark' | 'redis-server'): string | undefined {
  return TOOLS.map((dir) => `${dir}/${name}`).find((path) => existsSync(path));
}

/** Why the RESP scenario cannot run here, if it cannot. */
export function respBenchSkip(): string | undefined {
  if (!redisTool('redis-benchmark')) return 'redis-benchmark is not installed (Debian: redis-tools)';
  if (!redisTool('redis-server')) return 'redis-server is not installed (the baseline)';
  return undefined;
}

/** What one redis-benchmark run measured, in requests per second. */
export interface RedisBenchmarkResult {
  readonly setRate: number;
  readonly getRate: number;
}

/**
 * `redis-benchmark -t set,get -P <pipeline> -c <clients> -q` against `port`, pinned to the load
 * core like the bench's own load generator: a warm-up run, then a measured one sized to last
 * about `duration` seconds per command at a million requests per second (less for slower servers).
 */
export async function runRedisBenchmark(
  port: number,
  load: Record<string, number | string>,
  timing: { warmup: number; duration: number },
  hooks: LoadHooks = {},
): Promise<RedisBenchmarkResult> {
  const base = ['-h', '127.0.0.1', '-p', String(port), '-t', 'set,get', '-q', '-r', '100000'];
  base.push('-P', String(load.pipeline ?? 16), '-c', String(load.clients ?? 50));
  if (timing.warmup > 0) await benchmark([...base, '-n', String(Math.round(timing.warmup * 200_000))]);
  hooks.onMeasureStart?.();
  const output = await benchmark([...base, '-n', String(Math.round(timing.duration * 400_000))]);
  hooks.onMeasureEnd?.();
  return { setRate: rateOf(output, 'SET'), getRate: rateOf(output, 'GET') };
}

/** `SET: 123456.79 requests per second, p50=…` (progress lines end in CR, results in LF). */
function rateOf(output: string, test: string): number {
  const line = output.split(/[\r\n]/).find((l) => l.startsWith(`${test}: `) && l.includes('requests per second'));
  return line ? Number.parseFloat(line.slice(test.length + 2)) : NaN;
}

function benchmark(args: readonly string[]): Promise<string> {
  const tool = redisTool('redis-benchmark')!;
  const [command, ...rest] = pinningAvailable() ? ['taskset', '-c', String(LOAD_CPU), tool, ...args] : [tool, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`redis-benchmark exited (${code}): ${output.slice(-300)}`));
    });
  });
}
