import { expect, it } from 'vitest';
import { runScenario } from './run-scenario.js';
import { allScenarios, type Scenario } from './scenarios.js';

// Runs the compiled servers and load generator from dist (built by `pnpm test`'s `tsc -b`), so
// the whole bench path — spawn, pin, load, measure, stop — cannot rot. No performance threshold.
it('runs a tiny echo scenario end to end against both servers', async () => {
  const echo = allScenarios().find((s) => s.name === 'tcp-echo-64B-c100-p1')!;
  const tiny: Scenario = { ...echo, workers: 1, load: { ...echo.load, connections: 4 } };
  const seen: string[] = [];
  const result = await runScenario(tiny, { rounds: 1, duration: 0.3, warmup: 0.1 }, (server, round) =>
    seen.push(`${server.label} ${round}`),
  );
  expect(seen).toEqual(['raw-net-echo 1', 'switchboard 1']);
  for (const label of ['raw-net-echo', 'switchboard']) {
    const [run] = result.runs[label]!;
    expect(run!.values.rate).toBeGreaterThan(0);
    expect(run!.values.p50).toBeGreaterThan(0);
    expect(run!.values.established).toBe(4);
  }
}, 60_000);
