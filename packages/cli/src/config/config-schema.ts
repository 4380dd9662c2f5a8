import type { LogLevel } from '@switchboard/core';
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS } from '../serve/serve-options.js';
import { LISTENER_SETTINGS } from './listener-settings-schema.js';
import {
  handlerList,
  metricsUrl,
  milliseconds,
  oneOf,
  redisChannel,
  redisUrl,
  text,
  workerCount,
} from './value-schemas.js';
import { shownValue } from './shown-value.js';

/** Settings of the whole process: top level of the file only, and their flags. */
export const PROCESS_SETTINGS = {
  handlers: handlerList,
  graceMs: milliseconds(0),
  workers: workerCount,
  logFormat: oneOf(LOG_FORMATS),
  logLevel: oneOf<LogLevel>(LOG_LEVELS),
  plugins: z.array(text, {
    error: (issue) => `must be a list of module paths or package names, got ${shownValue(issue.input)}`,
  }),
  redis: redisUrl,
  redisChannel,
  metrics: metricsUrl,
};

const objectOf = (what: string) => (issue: { input?: unknown }) =>
  `must be an object (${what}), got ${shownValue(issue.input)}`;

/** A listener's `options`: every listener setting, each optional. */
export const listenerOptionsSchema = z
  .strictObject(LISTENER_SETTINGS, { error: objectOf('listener settings such as maxConnections') })
  .partial();

/** One entry of `listeners`. */
export const listenerSchema = z.strictObject(
  {
    url: z.string({ error: (issue) => `must be a URL such as "tcp://127.0.0.1:5000", got ${shownValue(issue.input)}` }),
    handlers: handlerList.optional(),
    options: listenerOptionsSchema.optional(),
  },
  { error: objectOf('{ url, handlers, options }') },
);

/** The config file: listeners, process settings, and defaults for every listener. */
export const configFileSchema = z.strictObject(
  {
    listeners: z.array(listenerSchema, {
      error: (issue) => `must be a list of { url, handlers, options }, got ${shownValue(issue.input)}`,
    }),
    ...z.object(PROCESS_SETTINGS).partial().shape,
    ...z.object(LISTENER_SETTINGS).partial().shape,
  },
  { error: objectOf('listeners and settings') },
);

export type ConfigFile = z.output<typeof configFileSchema>;

/** The keys each level of the file knows, for "did you mean" and "belongs elsewhere" hints. */
export const KNOWN_KEYS = {
  top: Object.keys(configFileSchema.shape),
  listener: Object.keys(listenerSchema.shape),
  options: Object.keys(LISTENER_SETTINGS),
} as const;
