import { createInterface } from 'node:readline';

/**
 * The protocol every bench server speaks with the orchestrator: it prints `port N` once it
 * listens, answers `stats` / `gcstats` on stdin with `stats {rss,heap,user,system}` (gcstats collects
 * garbage first, for memory readings), and exits when stdin closes or on SIGTERM/SIGINT, so a
 * server never outlives the bench.
 */
export function announce(port: number | readonly number[], close: () => void = () => {}): void {
  // A server made of several processes gives each one's port: `port A B`.
  process.stdout.write(`port ${[port].flat().join(' ')}\n`);
  const exit = () => {
    try {
      close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = line.trim();
    if (command !== 'stats' && command !== 'gcstats') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (command === 'gcstats' && gc) {
      gc();
      gc();
    }
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const stats = { rss: memory.rss, heap: memory.heapUsed + memory.external, user: cpu.user, system: cpu.system };
    process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
  });
  lines.on('close', exit);
}

export const HOST = '127.0.0.1';
