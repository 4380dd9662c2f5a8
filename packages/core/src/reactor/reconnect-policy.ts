import { SwitchboardError } from '../errors.js';
import { MAX_TIMER_MS } from '../limit-ranges.js';

/** How an outbound client retries: exponential backoff with jitter, a bounded delay, bounded attempts. */
export interface ReconnectOptions {
  /** The delay before the first retry, in ms (default 500). */
  initialDelayMs?: number;
  /** The longest delay between two attempts, in ms (default 30 000). */
  maxDelayMs?: number;
  /** Each failed attempt multiplies the delay by this (default 2). */
  factor?: number;
  /** Attempts in a row that may fail, the first connect included, before the client gives up (default Infinity). */
  maxAttempts?: number;
}

export const RECONNECT_DEFAULTS = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  maxAttempts: Number.POSITIVE_INFINITY,
} as const satisfies Required<ReconnectOptions>;

/** The options with defaults filled in; BAD_OPTION naming the option when one is not sane. */
export function reconnectPolicy(options: ReconnectOptions | true): Required<ReconnectOptions> {
  const policy = { ...RECONNECT_DEFAULTS, ...(options === true ? {} : options) };
  const bad = (key: string, range: string) =>
    new SwitchboardError('BAD_OPTION', `reconnect.${key} must be ${range}, got ${String(policy[key as 'factor'])}`);
  const timer = (value: number) => Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIMER_MS;
  if (!timer(policy.initialDelayMs)) throw bad('initialDelayMs', `an integer from 0 to ${MAX_TIMER_MS} ms`);
  if (!timer(policy.maxDelayMs) || policy.maxDelayMs < policy.initialDelayMs)
    throw bad('maxDelayMs', `an integer from initialDelayMs to ${MAX_TIMER_MS} ms`);
  if (!(policy.factor >= 1 && Number.isFinite(policy.factor))) throw bad('factor', 'a finite number ≥ 1');
  const attempts = policy.maxAttempts;
  if (!(attempts === Number.POSITIVE_INFINITY || (Number.isSafeInteger(attempts) && attempts >= 1)))
    throw bad('maxAttempts', 'an integer ≥ 1 or Infinity');
  return policy;
}

/**
 * The delay before retry number `retry` (1 for the first): initial × factor^(retry−1), capped at
 * the maximum, then between half and all of that at random, so that clients a server dropped
 * together do not all come back in the same millisecond.
 */
export function backoffDelay(policy: Required<ReconnectOptions>, retry: number): number {
  // factor ** n may overflow to Infinity; 0 × Infinity would be NaN.
  const grown = policy.initialDelayMs === 0 ? 0 : policy.initialDelayMs * policy.factor ** Math.min(retry - 1, 1024);
  const base = Math.min(policy.maxDelayMs, grown);
  return Math.round(base / 2 + (Math.random() * base) / 2);
}
