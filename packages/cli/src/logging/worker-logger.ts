import type { LogFields, Logger } from '@switchboard/core';

/**
 * A cluster worker's logger: every line says which worker wrote it, and the `listening …` lines
 * are left to the primary, which prints them once for all workers.
 */
export function workerLogger(base: Logger, worker: number): Logger {
  const level =
    (write: Logger['info']) =>
    (msg: string, fields?: LogFields): void => {
      if (msg.startsWith('listening ')) return;
      write(msg, { ...fields, worker });
    };
  return {
    debug: level(base.debug.bind(base)),
    info: level(base.info.bind(base)),
    warn: level(base.warn.bind(base)),
    error: level(base.error.bind(base)),
  };
}
