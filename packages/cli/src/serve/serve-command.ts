import cluster from 'node:cluster';
import { serveHelp } from '../help.js';
import { createLogger } from '../logging/create-logger.js';
import { logResolved } from './log-resolved.js';
import { runPrimary } from './cluster-primary.js';
import { runWorker } from './cluster-worker.js';
import { readCommandLine } from './read-command-line.js';
import { runSingle } from './run-single.js';

/**
 * `switchboard serve …`: resolves when the server is up (it then runs until a signal), or when
 * only help was asked for. Failures reject, for the caller to report.
 */
export async function serveCommand(argv: readonly string[]): Promise<'running' | 'done'> {
  const line = await readCommandLine(argv);
  if (line.help) {
    process.stdout.write(serveHelp());
    return 'done';
  }
  const { options } = line;
  if (options.workers > 1) {
    await (cluster.isPrimary ? runPrimary(options) : runWorker(options));
    return 'running';
  }
  const logger = createLogger(options.logFormat, options.logLevel);
  logResolved(options, logger);
  await runSingle(options, logger);
  return 'running';
}
