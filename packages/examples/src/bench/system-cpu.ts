import { readFileSync } from 'node:fs';

/**
 * Busy CPU time of the whole machine (µs, all cores, from /proc/stat), so that a run can show how
 * much CPU processes other than the bench took while it measured; undefined where /proc is missing.
 */
export function machineBusyMicros(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    // idle and iowait are the 4th and 5th numbers; clock ticks are 10 ms on Linux.
    return (total - ticks[3]! - ticks[4]!) * 10_000;
  } catch {
    return undefined;
  }
}
