import { parseBenchArgs, USAGE } from './cli-args.js';
import { killAll } from './child-processes.js';
import { reportOf } from './report-model.js';
import { markdownTable } from './report-table.js';
import { runScenario, serversOf, type ScenarioRuns } from './run-scenario.js';
import { selectScenarios } from './scenarios.js';
import { machine, writeResults } from './write-results.js';

/**
 * `pnpm bench`: every scenario, each server in its own pinned process, rounds alternating
 * baseline and Switchboard; prints the table and writes bench-results/.
 */
async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const scenarios = selectScenarios(options.only);
  if (scenarios.length === 0) throw new Error(`No scenario matches --only ${options.only}`);
  const startedAt = new Date();
  const info = machine();
  console.error(`bench: ${info.cpus} × ${info.cpuModel}, node ${info.node}; ${info.pinned}`);
  const runnable = scenarios.filter((s) => !s.skip?.());
  const total = runnable.reduce((sum, s) => sum + serversOf(s).length, 0) * options.rounds;
  let step = 0;
  const results: ScenarioRuns[] = [];
  for (const scenario of scenarios) {
    const runs = await runScenario(scenario, options, (server, round) => {
      console.error(`[${++step}/${total}] ${scenario.name} ${server.label} round ${round} …`);
    });
    if (runs.skipped) console.error(`skipped ${scenario.name}: ${runs.skipped}`);
    results.push(runs);
  }
  const reports = results.map(reportOf);
  console.log(markdownTable(reports));
  const files = await writeResults(options, results, reports, startedAt);
  console.error(`wrote ${files.join(', ')} in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  killAll();
  process.exitCode = 1;
});
