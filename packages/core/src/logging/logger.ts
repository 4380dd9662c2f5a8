import { visibleText } from '../text/visible-text.js';

/** Structured fields that go with a log line. */
export type LogFields = Record<string, unknown>;

/** The logging the reactor and handlers need; adapters exist for pino and the console. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const noop = () => {};

/** Discards everything: the default for an embedded reactor. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Plain text lines, `2026-11-22T04:33:35.000Z info  listening tcp://127.0.0.1:5000 code=…`, to a stream.
 * Messages and fields carry client text (a handler's error, a peer's name), so each is passed through
 * `visibleText`: a newline or a terminal escape in them shows as `\n` or `\x1b` and cannot forge a line.
 */
export function createTextLogger(out: NodeJS.WritableStream = process.stdout, level: LogLevel = 'info'): Logger {
  const min = RANK[level];
  const line = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (RANK[lvl] < min) return;
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => ` ${visibleText(k)}=${visibleText(typeof v === 'string' ? v : String(JSON.stringify(v)))}`)
          .join('')
      : '';
    out.write(`${new Date().toISOString()} ${lvl.padEnd(5)} ${visibleText(msg)}${extra}\n`);
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
