import type { Logger } from '@switchboard/core';
import { ExitCode } from '../exit-codes.js';

/** Starts the graceful shutdown for a reason other than a signal (the cluster primary asked). */
export interface Shutdown {
  begin(reason: string): void;
}

/**
 * On the first SIGINT or SIGTERM: `stop()` (graceful: goodbye lines, drain), then exit 0.
 * A second signal does not wait: `force()`, then exit 1 at once.
 */
export function shutdownOnSignal(stop: () => Promise<void>, logger: Logger, force: () => void = () => {}): Shutdown {
  let stopping = false;
  const begin = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`shutting down (${reason})`);
    stop().then(
      () => process.exit(ExitCode.OK),
      (err: Error) => {
        logger.error(`shutdown failed: ${err.message}`);
        process.exit(ExitCode.FAILURE);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) return begin(signal);
    logger.warn(`${signal} again: exiting now`);
    force();
    process.exit(ExitCode.FAILURE);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { begin };
}
