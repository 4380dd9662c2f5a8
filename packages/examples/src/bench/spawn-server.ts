import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchScript } from './dist-path.js';
import { spawnNode, spawnPinned, stopChild, waitForLine } from './child-processes.js';
import type { ServerSpec } from './scenarios.js';

/** A server's own numbers: RSS and heap in bytes, CPU in µs since it started. */
export interface ServerStats {
  readonly rss: number;
  /** V8 heap used plus external memory (Buffers), bytes. */
  readonly heap: number;
  readonly user: number;
  readonly system: number;
}

const SERVER_CPU = 1;

/** Starts the server's program pinned to core 1: node with dist's script, or php with the source file. */
function spawnServer(spec: ServerSpec): ChildProcess {
  if (spec.program === 'php') {
    const source = fileURLToPath(new URL(`../../src/bench/servers/${spec.script}`, import.meta.url));
    return spawnPinned(SERVER_CPU, 'php', [source, ...spec.args]);
  }
  const script = benchScript(`./servers/${spec.script}`);
  // BENCH_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles every server run.
  const extra = (process.env['BENCH_SERVER_FLAGS'] ?? '').split(' ').filter(Boolean);
  return spawnNode(SERVER_CPU, ['--expose-gc', ...extra, script, ...spec.args]);
}

/** A bench server in its own process, pinned to core 1; see servers/server-control.ts for its protocol. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly ports: readonly number[],
  ) {}

  get port(): number {
    return this.ports[0]!;
  }

  static async start(spec: ServerSpec): Promise<ServerProcess> {
    const child = spawnServer(spec);
    try {
      // `port N`, or `port N M …` from a server made of several processes, each listening on its own port.
      const match = await waitForLine(child, /^port (\d+(?: \d+)*)$/, 30_000);
      return new ServerProcess(child, match[1]!.split(' ').map(Number));
    } catch (err) {
      await stopChild(child);
      throw new Error(`${spec.label} server did not start: ${(err as Error).message}`);
    }
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Asks for RSS and CPU; with `gc`, garbage is collected first (for memory readings). */
  async stats(gc = false): Promise<ServerStats> {
    const answer = waitForLine(this.child, /^stats (.*)$/, 10_000);
    this.child.stdin!.write(gc ? 'gcstats\n' : 'stats\n');
    return JSON.parse((await answer)[1]!) as ServerStats;
  }

  /**
   * CPU time (µs, user + system) of the server and every process under it (a wrapped redis-server,
   * a cluster's workers), from /proc, read without asking the server, so a server whose event loop
   * is busy for long stretches is still measured; undefined where /proc is missing.
   */
  cpuMicros(): number | undefined {
    const tree = processTree(this.pid);
    if (tree.length === 0) return undefined;
    // Fields 14 and 15 of stat (utime, stime) in clock ticks, which are 10 ms on Linux.
    return tree.reduce((sum, fields) => sum + (Number(fields[11]) + Number(fields[12])) * 10_000, 0);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** The stat fields (after the command name) of `root` and its descendants; empty without /proc. */
function processTree(root: number): string[][] {
  const stats = new Map<number, string[]>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      stats.set(Number(pid), stat.slice(stat.lastIndexOf(')') + 2).split(' '));
    } catch {
      // Gone since the listing.
    }
  }
  const tree: string[][] = [];
  const queue = [root];
  // Field 4 of stat is the parent pid; a tree is bounded by the processes listed.
  for (let i = 0; i < queue.length && i < stats.size; i++) {
    const fields = stats.get(queue[i]!);
    if (fields) tree.push(fields);
    for (const [pid, other] of stats) if (Number(other[1]) === queue[i]) queue.push(pid);
  }
  return tree;
}
