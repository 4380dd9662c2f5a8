import { constants } from 'node:buffer';
import { SwitchboardError } from './errors.js';

/** The longest delay Node's timers hold; a longer one fires after 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The largest value each numeric limit may take. Past these a limit does not mean "a lot" but
 * something else: a timer that fires at once, a line that cannot become a string.
 */
export const LIMIT_MAXIMUMS = {
  maxConnections: Number.MAX_SAFE_INTEGER,
  maxConnectionsPerIp: Number.MAX_SAFE_INTEGER,
  acceptRatePerIp: Number.MAX_SAFE_INTEGER,
  acceptBurstPerIp: Number.MAX_SAFE_INTEGER,
  idleTimeout: MAX_TIMER_MS,
  heartbeatMs: MAX_TIMER_MS,
  // Handlers get each line as one string.
  maxLineLength: constants.MAX_STRING_LENGTH,
  // The length prefix is 4 bytes, and a frame is one Buffer.
  maxFrameLength: Math.min(2 ** 32 - 1, constants.MAX_LENGTH),
  maxPayload: constants.MAX_LENGTH,
  maxBufferedBytes: constants.MAX_LENGTH,
} as const;

export type LimitName = keyof typeof LIMIT_MAXIMUMS;

const TIMERS: ReadonlySet<LimitName> = new Set(['idleTimeout', 'heartbeatMs']);

/** BAD_OPTION naming the option and its range, unless `value` is absent or a whole number in 0..max. */
export function checkLimitRange(key: LimitName, value: unknown, where = ''): void {
  if (value === undefined) return;
  const max = LIMIT_MAXIMUMS[key];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max) return;
  const unit = TIMERS.has(key) ? " ms, the longest delay Node's timers hold" : '';
  throw new SwitchboardError(
    'BAD_OPTION',
    `${key} must be an integer from 0 to ${max}${unit}, got ${String(value)}${where}`,
  );
}
