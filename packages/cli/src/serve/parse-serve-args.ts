import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.js';
import { duration, handlerList, logFormat, redisChannel, redisUrl, workerCount } from './check-values.js';
import { readSettings } from './read-settings.js';
import { SERVE_FLAGS } from './serve-flags.js';
import type { ListenerSettings, LogFormat } from './serve-options.js';

/** The flags of `switchboard serve`, checked, before the config file is merged in. */
export interface ServeArgs {
  readonly listen: readonly string[];
  /** Empty when no --handler was given. */
  readonly handlers: readonly string[];
  readonly settings: ListenerSettings;
  readonly graceMs?: number;
  readonly workers?: number;
  readonly logFormat?: LogFormat;
  readonly plugins: readonly string[];
  readonly config?: string;
  readonly redis?: string;
  readonly redisChannel?: string;
  readonly help: boolean;
}

const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(SERVE_FLAGS).map(([name, flag]) => [
    name,
    { type: flag.type, multiple: 'multiple' in flag, ...('short' in flag ? { short: flag.short } : {}) },
  ]),
);

/** Reads `serve`'s flags; unknown flags, stray arguments and bad values throw a UsageError. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const values = readFlags(argv);
  // Asking for help is never an error, whatever else is on the line.
  if (values.help === true) return { listen: [], handlers: [], settings: {}, plugins: [], help: true };
  const flag = (key: keyof ListenerSettings) =>
    key === 'allowedOrigins' ? '--allowed-origin' : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const string = (name: string) => values[name] as string | undefined;
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  const optional = <T>(name: string, check: (n: string, v: unknown) => T) =>
    string(name) === undefined ? undefined : check(`--${name}`, string(name));
  const handlers = list('handler');
  return {
    listen: list('listen'),
    handlers: handlers.length === 0 ? [] : handlerList('--handler', handlers.join(',')),
    settings: readSettings(
      {
        maxConnections: string('max-connections'),
        maxConnectionsPerIp: string('max-connections-per-ip'),
        acceptRatePerIp: string('accept-rate-per-ip'),
        acceptBurstPerIp: string('accept-burst-per-ip'),
        handshakeTimeout: string('handshake-timeout'),
        idleTimeout: string('idle-timeout'),
        maxLine: string('max-line'),
        maxPayload: string('max-payload'),
        maxBuffered: string('max-buffered'),
        slowConsumer: string('slow-consumer'),
        room: string('room'),
        greeting: string('greeting'),
        cert: string('cert'),
        key: string('key'),
        ca: string('ca'),
        allowedOrigins: values['allowed-origin'],
        noDelay: string('no-delay'),
        keepAlive: string('keep-alive'),
        backlog: string('backlog'),
      },
      flag,
    ),
    graceMs: optional('grace', duration),
    workers: optional('workers', workerCount),
    logFormat: optional('log-format', logFormat),
    plugins: list('plugin'),
    config: string('config'),
    redis: optional('redis', redisUrl),
    redisChannel: optional('redis-channel', redisChannel),
    help: false,
  };
}

function readFlags(argv: readonly string[]): Record<string, unknown> {
  try {
    return parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }));
  }
}

/** parseArgs' own messages are long and suggest `--`; say plainly what is wrong. */
function describeParseError(err: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${quoted} for 'switchboard serve'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument '${quoted}' for 'switchboard serve' (flags only, e.g. --listen URL)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return describeBadValue(err.message, quoted.replace(/^-\w, /, '').split(' ')[0]!);
    default:
      return err.message;
  }
}

function describeBadValue(message: string, flag: string): string {
  if (message.includes('does not take')) return `Option ${flag} takes no value`;
  if (message.includes('ambiguous'))
    return `Option ${flag} needs a value (for one that starts with '-', write ${flag}=VALUE)`;
  return `Option ${flag} needs a value`;
}
