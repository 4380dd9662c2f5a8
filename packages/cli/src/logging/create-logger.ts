import { createTextLogger, type Logger } from '@switchboard/core';
import { pino } from 'pino';
import type { LogFormat } from '../serve/serve-options.js';
import { pinoLogger } from './pino-logger.js';

/**
 * The command's logger, writing to stdout: plain text lines, or pino's JSON lines. Writes are
 * synchronous so that nothing is lost when the process exits right after a line.
 */
export function createLogger(format: LogFormat, fd = 1): Logger {
  if (format === 'plain') return createTextLogger(process.stdout);
  return pinoLogger(pino({ base: { pid: process.pid } }, pino.destination({ dest: fd, sync: true })));
}
