import { availableParallelism } from 'node:os';
import { LIMIT_MAXIMUMS, MAX_TIMER_MS, visibleText, type SlowConsumerPolicy } from '@switchboard/core';
import { UsageError } from '../usage-error.js';
import { LOG_FORMATS, type LogFormat } from './serve-options.js';

/** A whole number in `min..max`, from a flag's text or a JSON number; UsageError naming `name` otherwise. */
export function integerInRange(min: number, max: number, name: string, value: unknown, unit = ''): number {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
    const what = min > 0 ? 'a positive integer' : 'a non-negative integer';
    throw new UsageError(`${name} must be ${what}, got ${JSON.stringify(value)}`);
  }
  if (number > max) throw new UsageError(`${name} must be at most ${max}${unit}, got ${JSON.stringify(value)}`);
  return number;
}

/** A whole number ≥ 1 (counts). */
export const positiveInteger = (name: string, value: unknown): number =>
  integerInRange(1, Number.MAX_SAFE_INTEGER, name, value);

/** `auto` (one worker per core, `os.availableParallelism()`) or a count ≥ 1. */
export const workerCount = (name: string, value: unknown): number =>
  value === 'auto' ? availableParallelism() : positiveInteger(name, value);

/** A whole number ≥ 0 (not for milliseconds: use `duration`). */
export const nonNegativeInteger = (name: string, value: unknown): number =>
  integerInRange(0, Number.MAX_SAFE_INTEGER, name, value);

/** Milliseconds, 0 meaning off; capped where Node's timers overflow (they would fire at once). */
export const duration = (name: string, value: unknown): number =>
  integerInRange(0, MAX_TIMER_MS, name, value, " ms (about 24.8 days, the longest delay Node's timers hold)");

/** A size in bytes, ≥ 1, up to the ceiling core accepts for `limit`. */
export const sizeOf =
  (limit: 'maxLineLength' | 'maxPayload' | 'maxBufferedBytes') =>
  (name: string, value: unknown): number =>
    integerInRange(1, LIMIT_MAXIMUMS[limit], name, value, ' bytes');

/** Any string (a greeting, a file path). */
export function text(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new UsageError(`${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** `plain` or `json`. */
export function logFormat(name: string, value: unknown): LogFormat {
  if (!LOG_FORMATS.includes(value as LogFormat)) {
    throw new UsageError(`${name} must be one of ${LOG_FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as LogFormat;
}

/** `disconnect` or `drop`: what happens to a peer that does not read. */
export function slowConsumerPolicy(name: string, value: unknown): SlowConsumerPolicy {
  if (value !== 'disconnect' && value !== 'drop') {
    throw new UsageError(`${name} must be disconnect or drop, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A Hub room: 1 to 128 characters, none of them a space or anything `visibleText` would escape. */
export function roomName(name: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 128 ||
    /\s/u.test(value) ||
    visibleText(value) !== value
  ) {
    throw new UsageError(
      `${name} must be a room name of 1 to 128 visible characters without spaces, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A `redis://` or `rediss://` URL. The value is not echoed: it may hold a password. */
export function redisUrl(name: string, value: unknown): string {
  if (typeof value !== 'string' || !/^rediss?:\/\/./.test(value)) {
    throw new UsageError(`${name} must be a redis:// or rediss:// URL`);
  }
  return value;
}

/** A Redis pub/sub channel name: 1 to 256 characters. */
export function redisChannel(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new UsageError(`${name} must be a channel name of 1 to 256 characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `a,b , c` → ['a', 'b', 'c']; arrays (from JSON) are checked to hold only names. */
export function handlerList(name: string, value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new UsageError(`${name} must be a list of handler names, got ${JSON.stringify(value)}`);
  }
  const names = items.map((item: string) => item.trim()).filter((item) => item !== '');
  if (names.length === 0) throw new UsageError(`${name} needs at least one handler name`);
  return names;
}
