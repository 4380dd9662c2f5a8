import type { LogFields, Logger } from '@switchboard/core';
import type { Logger as Pino } from 'pino';

/** Core's Logger over a pino instance: the message stays whole in `msg`, fields become JSON keys. */
export function pinoLogger(pino: Pino): Logger {
  const level = (write: Pino['info']) => (msg: string, fields?: LogFields) =>
    fields ? write.call(pino, fields, msg) : write.call(pino, msg);
  return { debug: level(pino.debug), info: level(pino.info), warn: level(pino.warn), error: level(pino.error) };
}
