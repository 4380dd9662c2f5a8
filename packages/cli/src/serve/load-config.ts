import { dirname, isAbsolute, resolve } from 'node:path';
import type { LogLevel } from '@switchboard/core';
import { YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../config/config-error.js';
import { configFileSchema, type ConfigFile } from '../config/config-schema.js';
import { describeIssues } from '../config/describe-issues.js';
import { renameLegacyConfigKeys } from '../config/legacy-keys.js';
import { LISTENER_SETTING_NAMES } from '../config/listener-settings-schema.js';
import { isYamlFile, NestingError, parseConfigText } from '../config/read-config-text.js';
import { UsageError } from '../usage-error.js';
import { readSmallFile } from './read-small-file.js';
import type { ListenerSettings, LogFormat } from './serve-options.js';

export { MAX_CONFIG_DEPTH } from '../config/read-config-text.js';

/** A listener from the config file; without `handlers` it uses the top-level (or --handler) chain. */
export interface ConfigListener {
  readonly url: string;
  readonly handlers?: readonly string[];
  readonly settings: ListenerSettings;
}

/** The config file, checked, with relative paths made absolute against the file's folder. */
export interface ServeConfig {
  readonly listeners: readonly ConfigListener[];
  readonly handlers?: readonly string[];
  /** Defaults for every listener. */
  readonly settings: ListenerSettings;
  readonly graceMs?: number;
  readonly workers?: number;
  readonly logFormat?: LogFormat;
  readonly logLevel?: LogLevel;
  readonly plugins: readonly string[];
  readonly redis?: string;
  readonly redisChannel?: string;
  readonly metrics?: string;
  /** Deprecated keys the file used (still applied). */
  readonly warnings: readonly ConfigIssue[];
}

/** A config file is a few listeners; past this it is a mistake or an attack, not a config. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and checks a `--config` file, JSON or (`.yaml`, `.yml`) YAML. Every mistake in it is
 * reported at once, in one ConfigError naming the file; an unreadable file is a UsageError.
 */
export async function loadConfig(file: string): Promise<ServeConfig> {
  const path = resolve(file);
  const source = `Config file "${file}"`;
  let text: string | null;
  try {
    text = await readSmallFile(path, MAX_CONFIG_BYTES);
  } catch (err) {
    throw new UsageError(`Cannot read config file "${file}": ${(err as Error).message}`);
  }
  if (text === null)
    throw new UsageError(`Cannot read config file "${file}": it is larger than ${MAX_CONFIG_BYTES} bytes`);
  let json: unknown;
  try {
    json = parseConfigText(text, isYamlFile(path));
  } catch (err) {
    if (err instanceof NestingError) throw new ConfigError([{ path: '', message: err.message }], source);
    throw new UsageError(`Cannot read config file "${file}": ${syntaxError(err as Error, text)}`);
  }
  try {
    return parseConfig(json, dirname(path));
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(err.issues, source);
    throw err;
  }
}

/** Checks a parsed config object; `baseDir` anchors relative cert, key and plugin paths. ConfigError lists every mistake. */
export function parseConfig(json: unknown, baseDir: string): ServeConfig {
  const renamed = renameLegacyConfigKeys(json);
  const parsed = configFileSchema.safeParse(renamed.value);
  const issues = [...renamed.issues, ...(parsed.success ? [] : describeIssues(parsed.error.issues))];
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  return toServeConfig(parsed.data, baseDir, renamed.warnings);
}

function toServeConfig(file: ConfigFile, baseDir: string, warnings: ConfigIssue[]): ServeConfig {
  return {
    listeners: file.listeners.map((listener) => ({
      url: listener.url,
      handlers: listener.handlers,
      settings: anchorPaths(listener.options ?? {}, baseDir),
    })),
    handlers: file.handlers,
    settings: anchorPaths(pickSettings(file), baseDir),
    graceMs: file.graceMs,
    workers: file.workers,
    logFormat: file.logFormat,
    logLevel: file.logLevel,
    plugins: (file.plugins ?? []).map((spec) => (spec.startsWith('.') ? resolve(baseDir, spec) : spec)),
    redis: file.redis,
    redisChannel: file.redisChannel,
    metrics: file.metrics,
    warnings,
  };
}

function pickSettings(file: ConfigFile): ListenerSettings {
  const settings: Record<string, unknown> = {};
  for (const key of LISTENER_SETTING_NAMES) if (file[key] !== undefined) settings[key] = file[key];
  return settings as ListenerSettings;
}

function anchorPaths(settings: ListenerSettings, baseDir: string): ListenerSettings {
  const anchored = { ...settings };
  for (const key of ['cert', 'key', 'ca'] as const) {
    const path = anchored[key];
    if (path !== undefined && !isAbsolute(path)) anchored[key] = resolve(baseDir, path);
  }
  return anchored;
}

/** A parser's complaint with its line and column (YAML gives an offset, JSON a position). */
function syntaxError(err: Error, text: string): string {
  const offset = err instanceof YAMLError ? err.pos[0] : undefined;
  if (offset === undefined) return err.message;
  const before = text.slice(0, offset).split('\n');
  return `${err.message.split('\n', 1)[0]} at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
