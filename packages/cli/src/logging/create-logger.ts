import { createTextLogger, type Logger, type LogLevel } from '@switchboard/core';
import { pino } from 'pino';
import type { LogFormat } from '../serve/serve-options.js';
import { levelFilter } from './level-filter.js';
import { pinoLogger } from './pino-logger.js';

/**
 * The command's logger, writing to stdout: plain text lines, or pino's JSON lines, from `level`
 * up. Writes are synchronous so that nothing is lost when the process exits right after a line.
 */
export function createLogger(format: LogFormat, level: LogLevel = 'info', fd = 1): Logger {
  const all =
    format === 'plain'
      ? createTextLogger(process.stdout, 'debug')
      : pinoLogger(pino({ level: 'debug', base: { pid: process.pid } }, pino.destination({ dest: fd, sync: true })));
  return levelFilter(all, level);
}
