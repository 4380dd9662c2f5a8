import type { Logger } from '@switchboard/core';
import type { ServeOptions } from './serve-options.js';

/** The deprecation warnings, and at debug level what each listener was resolved to. */
export function logResolved(options: ServeOptions, logger: Logger): void {
  for (const warning of options.warnings ?? []) logger.warn(warning);
  for (const plan of options.listeners) {
    logger.debug(`listener ${plan.url} handlers=${plan.handlers.join(',')}`, { ...plan.settings });
  }
}
