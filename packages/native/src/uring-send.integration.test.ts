import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNativeBinding } from './native-binding.js';

const scenario = fileURLToPath(new URL('./testing/send-each-scenario.mjs', import.meta.url));
const sendAllScenario = fileURLToPath(new URL('./testing/send-all-scenario.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const addonBuilt = loadNativeBinding().binding?.sendEach !== undefined;

/** io_uring, unless the kernel or a seccomp profile (Docker's default) refuses io_uring_setup. */
const UNLESS_BLOCKED = /^io_uring$|^off: io_uring_setup: /;

interface Summary {
  count: number;
  drainers: string[];
  filler: string[];
  pausedFillEnds: string[];
  pausedFill: string[];
  pausedMixed: string[];
  reset: string[];
  bad: string[];
  mismatched: unknown[];
}

/** A scenario in a process of its own: the addon reads SWITCHBOARD_NO_URING once, when it makes its ring. */
function run<T = Summary>(noUring: boolean, counts: number[], file = scenario): { batching: string; results: T[] } {
  const env = { ...process.env };
  if (noUring) env.SWITCHBOARD_NO_URING = '1';
  else delete env.SWITCHBOARD_NO_URING;
  const result = spawnSync(process.execPath, [file, ...counts.map(String)], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { batching: string; results: T[] };
}

/** A worker that makes its ring (sendBatching) and is terminated, three times; the rings open after each. */
const workerRings = `
const { Worker } = require('node:worker_threads');
const { readdirSync, readlinkSync } = require('node:fs');
const rings = () => readdirSync('/proc/self/fd').filter((fd) => {
  try { return readlinkSync('/proc/self/fd/' + fd).includes('io_uring'); } catch { return false; }
}).length;
const code = "const { parentPort } = require('node:worker_threads');" +
  "parentPort.postMessage(require(" + JSON.stringify(process.argv[1]) + ").sendBatching());" +
  "setInterval(() => {}, 1000);";
(async () => {
  for (let i = 0; i < 3; i++) {
    const worker = new Worker(code, { eval: true });
    const state = await new Promise((resolve) => worker.once('message', resolve));
    const open = rings();
    await worker.terminate();
    console.log(state + ' ' + open + ' ' + rings());
  }
})();
`;

describe('sendEach batched through io_uring (uring-sender.cc)', () => {
  it.runIf(addonBuilt)('says whether it batches: io_uring, else why not', () => {
    const noUring = (process.env.SWITCHBOARD_NO_URING ?? '0') !== '0';
    const state = loadNativeBinding().binding?.sendBatching?.();
    if (noUring) expect(state).toBe('off: SWITCHBOARD_NO_URING');
    else expect(state).toMatch(UNLESS_BLOCKED);
  });

  it.runIf(addonBuilt)("a worker's ring is closed when the worker ends", () => {
    const addon = fileURLToPath(new URL('../build/Release/switchboard_native.node', import.meta.url));
    const env = { ...process.env };
    delete env.SWITCHBOARD_NO_URING;
    const result = spawnSync(process.execPath, ['-e', workerRings, addon], { env, encoding: 'utf8', timeout: 15_000 });
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    // Each line: the worker's state, rings open while it ran, rings open after it ended.
    for (const line of lines) expect(line).toMatch(/^(io_uring 1 0|off: io_uring_setup: .* 0 0)$/);
  });

  it.runIf(addonBuilt)(
    'per descriptor: bytes taken, EAGAIN and partial sends of paused peers, a reset peer and a bad fd; the same with SWITCHBOARD_NO_URING=1',
    () => {
      // 16 fits one io_uring_enter; 300 takes two (256 SQEs a batch).
      const counts = [16, 300];
      const batched = run(false, counts);
      const plain = run(true, counts);
      expect(batched.batching).toMatch(UNLESS_BLOCKED);
      expect(plain.batching).toBe('off: SWITCHBOARD_NO_URING');
      for (const { results } of [batched, plain]) {
        for (const summary of results) {
          expect(summary.drainers).toEqual(['full']);
          expect(summary.filler).toEqual(['full']);
          // Each paused peer was filled until its sender would block, a partial send on the way there.
          expect(summary.pausedFillEnds).toEqual(['EAGAIN', 'EAGAIN', 'EAGAIN']);
          expect(summary.pausedFill).toEqual(['EAGAIN', 'full', 'partial']);
          expect(['EAGAIN', 'full', 'partial']).toEqual(expect.arrayContaining(summary.pausedMixed));
          // The reset peer's error reaches that descriptor only; the others took their bytes alongside.
          expect(['ECONNRESET', 'EPIPE']).toContain(summary.reset[0]);
          expect(summary.reset).toHaveLength(1);
          expect(summary.bad).toEqual(['EBADF']);
          // Nothing left in flight: every live peer received exactly the bytes reported taken.
          expect(summary.mismatched).toEqual([]);
        }
      }
      // Identical per-role outcomes (a paused peer may take more between rounds: timing, not semantics).
      const comparable = (results: Summary[]) => results.map(({ pausedMixed: _, ...rest }) => rest);
      expect(comparable(batched.results)).toEqual(comparable(plain.results));
    },
  );

  // The native transport's turn: one sendAll batch of a write to each of 16 / 300 connections, 30 turns.
  it.runIf(addonBuilt && existsSync(dist))(
    'sendAll: paused peers queue the rest and get it all in order, a reset peer fails alone; the same with SWITCHBOARD_NO_URING=1',
    () => {
      interface SendAllSummary {
        count: number;
        rounds: number;
        wrong: unknown[];
        pausedRefused: boolean;
        errors: string[];
      }
      const batched = run<SendAllSummary>(false, [16, 300], sendAllScenario);
      const plain = run<SendAllSummary>(true, [16, 300], sendAllScenario);
      expect(batched.batching).toMatch(UNLESS_BLOCKED);
      expect(plain.batching).toBe('off: SWITCHBOARD_NO_URING');
      for (const { results } of [batched, plain]) {
        for (const summary of results) {
          expect(summary.rounds).toBe(30);
          // Every live peer got its 30 payloads whole and in order (the paused ones after resuming).
          expect(summary.wrong).toEqual([]);
          // The paused peers' sends were partial or would block: their writes queued (write() false).
          expect(summary.pausedRefused).toBe(true);
          expect(summary.errors).toHaveLength(1);
          expect(['reset ECONNRESET', 'reset EPIPE']).toContain(summary.errors[0]);
        }
      }
      // Identical but for which of ECONNRESET / EPIPE the reset peer's link saw (when the RST was noticed).
      const comparable = (results: SendAllSummary[]) => results.map(({ errors: _, ...rest }) => rest);
      expect(comparable(batched.results)).toEqual(comparable(plain.results));
    },
  );
});
