import { dirname, isAbsolute, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { duration, handlerList, logFormat, redisChannel, redisUrl, text, workerCount } from './check-values.js';
import { nestsDeeperThan } from './json-depth.js';
import { readSettings, SETTING_KEYS } from './read-settings.js';
import { readSmallFile } from './read-small-file.js';
import type { ListenerSettings, LogFormat } from './serve-options.js';

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
  readonly plugins: readonly string[];
  readonly redis?: string;
  readonly redisChannel?: string;
}

const TOP_KEYS = new Set([
  'listeners',
  'handlers',
  'grace',
  'workers',
  'logFormat',
  'plugins',
  'redis',
  'redisChannel',
  ...SETTING_KEYS,
]);
const LISTENER_KEYS = new Set(['url', 'handlers', 'options']);

/** A config file is a few listeners; past this it is a mistake or an attack, not a config. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** A config nests 4 levels (top, listeners, a listener, its options); deeper values would only be refused later. */
export const MAX_CONFIG_DEPTH = 32;

/** Reads and checks a `--config` JSON file; every mistake is a UsageError naming the file and the key. */
export async function loadConfig(file: string): Promise<ServeConfig> {
  const path = resolve(file);
  let json: unknown;
  try {
    const text = await readSmallFile(path, MAX_CONFIG_BYTES);
    if (text === null) throw new Error(`it is larger than ${MAX_CONFIG_BYTES} bytes`);
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Cannot read config file "${file}": ${(err as Error).message}`);
  }
  try {
    return parseConfig(json, dirname(path));
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`Config file "${file}": ${err.message}`);
    throw err;
  }
}

/** Checks a parsed config object; `baseDir` anchors relative cert, key and plugin paths. */
export function parseConfig(json: unknown, baseDir: string): ServeConfig {
  // Before anything walks or prints the value: printing a deep one in an error would overflow the stack.
  if (nestsDeeperThan(json, MAX_CONFIG_DEPTH))
    throw new UsageError(`values nest deeper than ${MAX_CONFIG_DEPTH} levels`);
  const top = object(json, 'the top level');
  checkKeys(top, TOP_KEYS, '');
  if (!Array.isArray(top.listeners)) throw new UsageError('"listeners" must be a list of { url, handlers, options }');
  return {
    listeners: top.listeners.map((entry, i) => parseListener(entry, `listeners[${i}]`, baseDir)),
    handlers: top.handlers === undefined ? undefined : handlerList('handlers', top.handlers),
    settings: anchorPaths(
      readSettings(top, (key) => key),
      baseDir,
    ),
    graceMs: top.grace === undefined ? undefined : duration('grace', top.grace),
    workers: top.workers === undefined ? undefined : workerCount('workers', top.workers),
    logFormat: top.logFormat === undefined ? undefined : logFormat('logFormat', top.logFormat),
    plugins: top.plugins === undefined ? [] : pluginList(top.plugins, baseDir),
    redis: top.redis === undefined ? undefined : redisUrl('redis', top.redis),
    redisChannel: top.redisChannel === undefined ? undefined : redisChannel('redisChannel', top.redisChannel),
  };
}

function parseListener(entry: unknown, where: string, baseDir: string): ConfigListener {
  const listener = object(entry, where);
  checkKeys(listener, LISTENER_KEYS, `${where}.`);
  const options = object(listener.options ?? {}, `${where}.options`);
  checkKeys(options, new Set(SETTING_KEYS), `${where}.options.`);
  return {
    url: text(`${where}.url`, listener.url),
    handlers: listener.handlers === undefined ? undefined : handlerList(`${where}.handlers`, listener.handlers),
    settings: anchorPaths(
      readSettings(options, (key) => `${where}.options.${key}`),
      baseDir,
    ),
  };
}

function pluginList(value: unknown, baseDir: string): string[] {
  if (!Array.isArray(value)) throw new UsageError(`plugins must be a list of module paths or package names`);
  return value.map((item, i) => {
    const spec = text(`plugins[${i}]`, item);
    return spec.startsWith('.') ? resolve(baseDir, spec) : spec;
  });
}

function anchorPaths(settings: ListenerSettings, baseDir: string): ListenerSettings {
  const anchor = (path?: string) => (path === undefined || isAbsolute(path) ? path : resolve(baseDir, path));
  const anchored = { ...settings, cert: anchor(settings.cert), key: anchor(settings.key), ca: anchor(settings.ca) };
  if (anchored.cert === undefined) delete anchored.cert;
  if (anchored.key === undefined) delete anchored.key;
  if (anchored.ca === undefined) delete anchored.ca;
  return anchored;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${where} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function checkKeys(value: Record<string, unknown>, known: ReadonlySet<string>, prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      throw new UsageError(`unknown key "${prefix}${key}" (known: ${[...known].join(', ')})`);
    }
  }
}
