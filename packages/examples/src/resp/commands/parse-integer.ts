const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** Redis' reply when an argument or a stored value is not a 64-bit integer. */
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';

/**
 * A signed 64-bit integer written as Redis writes one: an optional minus, no plus, no leading
 * zeros, no spaces; undefined otherwise (or out of range).
 */
export function parseInt64(bytes: Buffer | string): bigint | undefined {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  if (text.length === 0 || text.length > 20) return undefined;
  const digits = text.startsWith('-') ? text.slice(1) : text;
  if (
    digits.length === 0 ||
    (digits.length > 1 && digits.startsWith('0')) ||
    (text.startsWith('-') && digits === '0')
  ) {
    return undefined;
  }
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const value = BigInt(text);
  return value >= MIN_INT64 && value <= MAX_INT64 ? value : undefined;
}

/** Whether `value` fits a signed 64-bit integer. */
export function fitsInt64(value: bigint): boolean {
  return value >= MIN_INT64 && value <= MAX_INT64;
}
