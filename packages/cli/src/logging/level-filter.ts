import type { Logger, LogLevel } from '@switchboard/core';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Drops lines below `level`, except `listening URL`: scripts and tests wait for that line to learn
 * the port (it is part of the command's contract), so no log level hides it.
 */
export function levelFilter(base: Logger, level: LogLevel): Logger {
  const pass = (lineLevel: LogLevel, write: Logger['info']): Logger['info'] =>
    RANK[lineLevel] >= RANK[level] ? write : (msg, fields) => void (msg.startsWith('listening ') && write(msg, fields));
  return {
    debug: pass('debug', base.debug.bind(base)),
    info: pass('info', base.info.bind(base)),
    warn: pass('warn', base.warn.bind(base)),
    error: pass('error', base.error.bind(base)),
  };
}
