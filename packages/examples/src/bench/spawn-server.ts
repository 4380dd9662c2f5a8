import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { benchScript } from './dist-path.js';
import { spawnNode, stopChild, waitForLine } from './child-processes.js';
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

/** A bench server in its own process, pinned to core 1; see servers/server-control.ts for its protocol. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(spec: ServerSpec): Promise<ServerProcess> {
    const script = benchScript(`./servers/${spec.script}`);
    // BENCH_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles every server run.
    const extra = (process.env['BENCH_SERVER_FLAGS'] ?? '').split(' ').filter(Boolean);
    const child = spawnNode(SERVER_CPU, ['--expose-gc', ...extra, script, ...spec.args]);
    try {
      const match = await waitForLine(child, /^port (\d+)$/, 15_000);
      return new ServerProcess(child, Number(match[1]));
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
   * CPU time (µs, user + system) from /proc, read without asking the server, so a server whose
   * event loop is busy for long stretches is still measured; undefined where /proc is missing.
   */
  cpuMicros(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime) in clock ticks, which are 10 ms on Linux.
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      return undefined;
    }
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}
