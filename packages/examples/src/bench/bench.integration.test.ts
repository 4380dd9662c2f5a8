import { describe, expect, it } from 'vitest';
import { cLoadgen } from './loadgen/c-loadgen.js';
import { runScenario, type RunOptions } from './run-scenario.js';
import { allScenarios, type Scenario } from './scenarios.js';

// Runs the compiled servers and load generators from dist (built by `pnpm test`'s `tsc -b`), so
// the whole bench path — spawn, pin, load, measure, stop — cannot rot. No performance threshold.
const hasCc = 'path' in cLoadgen();

function tiny(name: string): Scenario {
  const scenario = allScenarios().find((s) => s.name === name)!;
  // Peers are left out: the tiny run checks the bench's path, baseline and Switchboard.
  return { ...scenario, peers: [], workers: 1, load: { ...scenario.load, connections: 4 } };
}

async function runTiny(scenario: Scenario, loadgen: RunOptions['loadgen']) {
  const seen: string[] = [];
  const result = await runScenario(scenario, { rounds: 1, duration: 0.3, warmup: 0.1, loadgen }, (server, round) =>
    seen.push(`${server.label} ${round}`),
  );
  expect(seen).toEqual([`${scenario.baseline.label} 1`, 'switchboard 1']);
  for (const label of [scenario.baseline.label, 'switchboard']) {
    const [run] = result.runs[label]!;
    expect(run!.values.rate).toBeGreaterThan(0);
    expect(run!.values.p50).toBeGreaterThan(0);
    expect(run!.values.established).toBe(4);
    expect(run!.values.loadCpu).toBeGreaterThanOrEqual(0);
  }
  return result;
}

describe('bench end to end', () => {
  it('runs a tiny echo scenario against both servers with the JS load generator', async () => {
    expect((await runTiny(tiny('tcp-echo-64B-c100-p1'), 'js')).loadgen).toBe('js');
  }, 60_000);

  it.skipIf(!hasCc)(
    'runs tiny echo and talkback scenarios with the C load generator',
    async () => {
      expect((await runTiny(tiny('tcp-echo-64B-c100-p16'), 'c')).loadgen).toBe('c');
      expect((await runTiny(tiny('talkback-64B-c100-p1'), 'c')).loadgen).toBe('c');
    },
    60_000,
  );

  it.skipIf(!hasCc)(
    'runs a tiny broadcast scenario (4 receivers) with the C broadcast load generator',
    async () => {
      const broadcast = allScenarios().find((s) => s.name === 'broadcast-64B-1to100')!;
      const scenario = { ...broadcast, peers: [], load: { ...broadcast.load, receivers: 4 } };
      expect((await runTiny(scenario, 'c')).loadgen).toBe('c');
    },
    60_000,
  );

  it.runIf(
    allScenarios()
      .find((s) => s.name === 'socketio-redis-1to100-at500')!
      .skip?.() === undefined,
  )(
    'runs a tiny Socket.IO + Redis scenario (4 receivers over two processes each side, Redis on 6379)',
    async () => {
      const socketIo = allScenarios().find((s) => s.name === 'socketio-redis-1to100-at500')!;
      const scenario = { ...socketIo, load: { ...socketIo.load, receivers: 4 } };
      expect((await runTiny(scenario, undefined)).loadgen).toBe('c');
    },
    60_000,
  );

  it('picks the C load generator by default where cc can build it, else the JS one', async () => {
    expect((await runTiny(tiny('tcp-echo-64B-c100-p1'), undefined)).loadgen).toBe(hasCc ? 'c' : 'js');
  }, 60_000);
});
