import { availableParallelism } from 'node:os';
import { MAX_TIMER_MS, visibleText } from '@switchboard/core';
import { createOriginCheck } from '@switchboard/core/transport';
import { z } from 'zod';
import { shownValue } from './shown-value.js';

/**
 * The value checks the config schema is made of. Each accepts what a flag gives (text) and what a
 * JSON or YAML file gives (numbers, booleans, lists), and says what it expected and what it got.
 */

/** Flags arrive as text: `"80"` is the number 80; anything else is left for the number check to refuse. */
const digitsToNumber = (value: unknown): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** A whole number in `min..max`. `unit` follows the maximum in the message (` ms`, ` bytes`). */
export function wholeNumber(min: number, max: number, unit = '') {
  const what = min > 0 ? 'a positive integer' : 'a non-negative integer';
  const expected = (issue: { input?: unknown }) => `must be ${what}, got ${shownValue(issue.input)}`;
  const tooBig = (issue: { input?: unknown }) => `must be at most ${max}${unit}, got ${shownValue(issue.input)}`;
  return z.preprocess(
    digitsToNumber,
    // The first failing check speaks: 2^53 is "at most …", not also "an integer".
    z
      .number({ error: expected })
      .max(max, { error: tooBig, abort: true })
      .int({ error: expected, abort: true })
      .min(min, { error: expected, abort: true }),
  );
}

/** Milliseconds from `min`, capped where Node's timers overflow (a longer delay would fire at once). */
export const milliseconds = (min = 0, max = MAX_TIMER_MS) =>
  wholeNumber(min, max, max === MAX_TIMER_MS ? " ms (about 24.8 days, the longest delay Node's timers hold)" : ' ms');

/** A size in bytes, ≥ 1, up to the ceiling core accepts for it. */
export const bytes = (max: number) => wholeNumber(1, max, ' bytes');

/** Any string (a greeting, a file path). */
export const text = z.string({ error: (issue) => `must be a string, got ${shownValue(issue.input)}` });

/** One of a few words. */
export function oneOf<T extends string>(choices: readonly T[]) {
  return z.enum(choices as [T, ...T[]], {
    error: (issue) => `must be one of ${choices.join(', ')}, got ${shownValue(issue.input)}`,
  });
}

/** `on`/`off` from a flag, true/false from a file. */
export const onOff = z.preprocess(
  (value) => (value === 'on' ? true : value === 'off' ? false : value),
  z.boolean({ error: (issue) => `must be on or off (true or false in a file), got ${shownValue(issue.input)}` }),
);

/** `a,b , c` or a list → ['a', 'b', 'c'], at least one. */
export const handlerList = z
  .union([z.string(), z.array(z.string())], {
    error: (issue) => `must be a list of handler names or "a,b,c", got ${shownValue(issue.input)}`,
  })
  .transform((value) => (typeof value === 'string' ? value.split(',') : value).map((name) => name.trim()))
  .transform((names) => names.filter((name) => name !== ''))
  .refine((names) => names.length > 0, { error: 'needs at least one handler name' });

/** A Hub room: 1 to 128 characters, none of them a space or anything `visibleText` would escape. */
const badRoom = (issue: { input?: unknown }) =>
  `must be a room name of 1 to 128 visible characters without spaces, got ${shownValue(issue.input)}`;
export const roomName = z
  .string({ error: badRoom })
  .refine((value) => value.length > 0 && value.length <= 128 && !/\s/u.test(value) && visibleText(value) === value, {
    error: badRoom,
  });

/** A list of origins (or one), each checked the way the listener will check it. */
export const originList = z
  .union([z.string().transform((origin) => [origin]), z.array(z.string()).min(1)], {
    error: (issue) => `must be a list of origins such as "https://chat.example.com", got ${shownValue(issue.input)}`,
  })
  .superRefine((origins, ctx) => {
    try {
      createOriginCheck(origins);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^allowedOrigins /, '') });
    }
  });

/** `auto` (one worker per core) or a count ≥ 1. */
export const workerCount = z.union(
  [z.literal('auto').transform(() => availableParallelism()), wholeNumber(1, 1_000_000)],
  {
    error: (issue) => `must be a positive integer or auto, got ${shownValue(issue.input)}`,
  },
);

/** A `redis://` or `rediss://` URL. Never quoted back: it may hold a password. */
const NOT_REDIS = 'must be a redis:// or rediss:// URL';
export const redisUrl = z.string({ error: NOT_REDIS }).regex(/^rediss?:\/\/./, { error: NOT_REDIS });

/** Where `--metrics` serves: `http://host:port/path` (port 0 picks one). Not quoted back: it may hold a password. */
const NOT_METRICS = 'must be an http://host:port/path URL such as http://127.0.0.1:9464/metrics (no user or query)';
export const metricsUrl = z.string({ error: NOT_METRICS }).refine(isMetricsUrl, { error: NOT_METRICS });

function isMetricsUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    url.protocol === 'http:' && /:\d+\//.test(value) && url.username === '' && url.search === '' && url.hash === ''
  );
}

/** A Redis pub/sub channel name: 1 to 256 characters. */
const badChannel = (issue: { input?: unknown }) =>
  `must be a channel name of 1 to 256 characters, got ${shownValue(issue.input)}`;
export const redisChannel = z
  .string({ error: badChannel })
  .refine((value) => value.length > 0 && value.length <= 256, { error: badChannel });

/** `lf` / `crlf`, or the line ending itself, as core's `lineEnding` takes it. */
export const lineEnding = z.preprocess(
  (value) => (value === 'lf' ? '\n' : value === 'crlf' ? '\r\n' : value),
  z.enum(['\n', '\r\n'], { error: (issue) => `must be lf or crlf, got ${shownValue(issue.input)}` }),
);
