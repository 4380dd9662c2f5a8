import { MAX_TIMER_MS } from '@switchboard/core';
import { UsageError } from '../usage-error.js';

// The config schema (../config/) checks serve's settings; these remain for `connect` and the plugin timeout.

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

/** Milliseconds, 0 meaning off; capped where Node's timers overflow (they would fire at once). */
export const duration = (name: string, value: unknown): number =>
  integerInRange(0, MAX_TIMER_MS, name, value, " ms (about 24.8 days, the longest delay Node's timers hold)");
