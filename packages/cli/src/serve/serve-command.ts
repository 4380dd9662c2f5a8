import cluster from 'node:cluster';
import { serveHelp } from '../help.js';
import { createLogger } from '../logging/create-logger.js';
import { runPrimary } from './cluster-primary.js';
import { runWorker } from './cluster-worker.js';
import { parseServeArgs } from './parse-serve-args.js';
import { resolveServeOptions } from './resolve-serve-options.js';
import { runServe } from './run-serve.js';
import { shutdownOnSignal } from './shutdown-on-signal.js';

/**
 * `switchboard serve …`: resolves when the server is up (it then runs until a signal), or when
 * only help was asked for. Failures reject, for the caller to report.
 */
export async function serveCommand(argv: readonly string[]): Promise<'running' | 'done'> {
  const args = parseServeArgs(argv);
  if (args.help) {
    process.stdout.write(serveHelp());
    return 'done';
  }
  const options = await resolveServeOptions(args);
  if (options.workers > 1) {
    await (cluster.isPrimary ? runPrimary(options) : runWorker(options));
    return 'running';
  }
  const logger = createLogger(options.logFormat);
  const server = await runServe(options, { logger });
  shutdownOnSignal(() => server.close(), logger);
  return 'running';
}
