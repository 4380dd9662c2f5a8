import { parseArgs } from 'node:util';
import type { LogLevel } from '@switchboard/core';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../config/config-error.js';
import { PROCESS_SETTINGS } from '../config/config-schema.js';
import { describeIssues } from '../config/describe-issues.js';
import { nearestName } from '../config/edit-distance.js';
import { LISTENER_SETTING_NAMES, LISTENER_SETTINGS } from '../config/listener-settings-schema.js';
import { UsageError } from '../usage-error.js';
import { SERVE_FLAGS, type ServeFlag } from './serve-flags.js';
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
  readonly logLevel?: LogLevel;
  readonly plugins: readonly string[];
  readonly config?: string;
  readonly redis?: string;
  readonly redisChannel?: string;
  /** Where Prometheus metrics and the health checks are served. */
  readonly metrics?: string;
  readonly help: boolean;
}

/** The flags are a view of the config schema: the same checks, under the flags' names. */
const flagSchema = z.strictObject({ ...PROCESS_SETTINGS, ...LISTENER_SETTINGS }).partial();

const FLAG_OF_KEY = new Map(
  Object.entries(SERVE_FLAGS as Record<string, ServeFlag>).flatMap(([name, flag]) =>
    flag.key === undefined ? [] : [[flag.key, `--${name}`] as const],
  ),
);

const parseOptions = (flags: Record<string, ServeFlag>) =>
  Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [
      name,
      { type: flag.type, multiple: flag.multiple === true, ...(flag.short ? { short: flag.short } : {}) },
    ]),
  );

/** Reads `serve`'s flags; an unknown flag, a stray argument or any bad value throws (all bad values at once). */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const { args, issues } = readServeArgs(argv);
  if (issues.length > 0) throw new ConfigError(issues);
  return args;
}

/**
 * The flags and every mistake in their values. `extra` flags (a command's own, such as `check
 * --load-plugins`) are read too and returned in `values`. An unknown flag still throws at once.
 */
export function readServeArgs(
  argv: readonly string[],
  extra: Record<string, ServeFlag> = {},
  command = 'serve',
): { args: ServeArgs; issues: ConfigIssue[]; values: Record<string, unknown> } {
  const flags = { ...SERVE_FLAGS, ...extra };
  const values = readFlags(argv, flags, command);
  const empty: ServeArgs = { listen: [], handlers: [], settings: {}, plugins: [], help: true };
  // Asking for help is never an error, whatever else is on the line.
  if (values.help === true) return { args: empty, issues: [], values };
  const given: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(SERVE_FLAGS as Record<string, ServeFlag>)) {
    const value = values[name];
    if (flag.key === undefined || value === undefined) continue;
    given[flag.key] = name === 'handler' ? (value as string[]).join(',') : value;
  }
  const parsed = flagSchema.safeParse(given);
  const issues = parsed.success ? [] : describeIssues(parsed.error.issues, (path) => FLAG_OF_KEY.get(String(path[0]))!);
  const checked = parsed.data ?? {};
  const settings: Record<string, unknown> = {};
  for (const key of LISTENER_SETTING_NAMES) if (checked[key] !== undefined) settings[key] = checked[key];
  const args: ServeArgs = {
    listen: (values.listen as string[] | undefined) ?? [],
    handlers: checked.handlers ?? [],
    settings: settings as ListenerSettings,
    graceMs: checked.graceMs,
    workers: checked.workers,
    logFormat: checked.logFormat,
    logLevel: checked.logLevel,
    plugins: checked.plugins ?? [],
    config: values.config as string | undefined,
    redis: checked.redis,
    redisChannel: checked.redisChannel,
    metrics: checked.metrics,
    help: false,
  };
  return { args: dropUndefined(args), issues, values };
}

/** `{ graceMs: undefined }` and `{}` mean the same; tests and merges read better without the former. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function readFlags(
  argv: readonly string[],
  flags: Record<string, ServeFlag>,
  command: string,
): Record<string, unknown> {
  try {
    return parseArgs({ args: [...argv], options: parseOptions(flags), strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }, Object.keys(flags), command));
  }
}

/** parseArgs' own messages are long and suggest `--`; say plainly what is wrong. */
function describeParseError(err: Error & { code?: string }, names: string[], command: string): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const nearest = nearestName(quoted.replace(/^-+/, '').split('=')[0]!, names);
      return `Unknown option ${quoted} for 'switchboard ${command}'${nearest ? ` (did you mean --${nearest}?)` : ''}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument '${quoted}' for 'switchboard ${command}' (flags only, e.g. --listen URL)`;
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
