import { readdirSync, readFileSync } from 'node:fs';
import { LineClient } from '@switchboard/core/testing';

/**
 * What an attack cost a server process, read from /proc: the hostile-peer suite compares these
 * before and after an attack (Linux only, as CI is).
 */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU time (user + system) the process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat; after "comm) " they are at 11 and 12. Ticks are 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * A bystander's round trip on a talkback listener, in ms: how long another client waits for an
 * answer while the attack runs. Rejects when no answer comes within `timeoutMs`. `localAddress`
 * picks the bystander's source address.
 */
export async function talkbackRoundTrip(port: number, timeoutMs = 5000, localAddress?: string): Promise<number> {
  // localAddress: another loopback address (127.0.0.2) stands for another client machine.
  const target = { port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) };
  const client = await LineClient.connect(target);
  try {
    const started = performance.now();
    client.send('ping');
    const line = await client.readLine(timeoutMs);
    if (line !== "You said 'ping'.") throw new Error(`bystander got ${JSON.stringify(line)}`);
    return performance.now() - started;
  } finally {
    client.destroy();
  }
}
