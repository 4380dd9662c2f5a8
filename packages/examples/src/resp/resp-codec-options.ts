import { constants } from 'node:buffer';
import { SwitchboardError } from '@switchboard/core';

/** Limits of the RESP decoder; every one has a safe default. */
export interface RespCodecOptions {
  /**
   * Largest bulk string in bytes (Redis allows 512 MB; default 64 MiB). At most the longest string
   * V8 makes (~512 MiB), since the store keeps keys and values as strings.
   */
  maxBulkLength?: number;
  /** Most arguments in one command (default 1,048,576, as Redis allows unauthenticated clients). */
  maxArrayLength?: number;
  /** Most bytes of arguments held for one command, all bulks together (default 128 MiB). */
  maxRequestLength?: number;
  /** Longest inline command or `*`/`$` header line, CRLF excluded (default 64 KiB, as Redis). */
  maxLineLength?: number;
}

export const RESP_CODEC_DEFAULTS: Required<RespCodecOptions> = {
  maxBulkLength: 64 * 1024 * 1024,
  maxArrayLength: 1024 * 1024,
  maxRequestLength: 128 * 1024 * 1024,
  maxLineLength: 64 * 1024,
};

/** The defaults with `options` over them, checked once: BAD_OPTION names the option and its value. */
export function respCodecLimits(options: RespCodecOptions = {}): Required<RespCodecOptions> {
  const limits = { ...RESP_CODEC_DEFAULTS, ...definedOnly(options) };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1 || value > 2 ** 32) {
      throw new SwitchboardError('BAD_OPTION', `${name} must be an integer from 1 to 2^32, got ${String(value)}`);
    }
  }
  if (limits.maxBulkLength > constants.MAX_STRING_LENGTH) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `maxBulkLength must be at most ${constants.MAX_STRING_LENGTH} (the longest string), got ${limits.maxBulkLength}`,
    );
  }
  return limits;
}

function definedOnly(options: RespCodecOptions): RespCodecOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
