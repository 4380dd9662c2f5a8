import { SwitchboardError, silentLogger, type Logger } from '@switchboard/core';

/** Options for the Redis backplane. Every limit has a safe default. */
export interface RedisBackplaneOptions {
  /** `redis://[user:password@]host[:port]` or `rediss://` for TLS (default `redis://127.0.0.1:6379`). */
  url?: string;
  /**
   * The Redis pub/sub channel. Processes that share rooms use the same one; apps that share a
   * Redis need different ones (pub/sub ignores the database number). Default `switchboard`.
   */
  channel?: string;
  /** How long connecting (and each reconnection) waits for Redis (default 5000 ms). */
  connectTimeoutMs?: number;
  /** A command Redis has not answered this long resets the connection (default 5000 ms). */
  commandTimeoutMs?: number;
  /** Bytes of broadcasts written to Redis and not yet acknowledged; past it, broadcasts are dropped (default 16 MiB). */
  maxPendingBytes?: number;
  /** Broadcasts written and not yet acknowledged; past it, broadcasts are dropped (default 10000). */
  maxPendingMessages?: number;
  /** Largest broadcast sent or accepted, header included; larger replies reset the connection (default 8 MiB). */
  maxMessageBytes?: number;
  /** Longest wait between reconnection attempts (default 5000 ms). */
  maxRetryDelayMs?: number;
  logger?: Logger;
}

/** Every default in one place. */
export const REDIS_BACKPLANE_DEFAULTS = {
  url: 'redis://127.0.0.1:6379',
  channel: 'switchboard',
  connectTimeoutMs: 5000,
  commandTimeoutMs: 5000,
  maxPendingBytes: 16 * 1024 * 1024,
  maxPendingMessages: 10_000,
  maxMessageBytes: 8 * 1024 * 1024,
  maxRetryDelayMs: 5000,
} as const;

export type ResolvedRedisBackplaneOptions = Required<Omit<RedisBackplaneOptions, 'logger'>> & { logger: Logger };

const NUMBERS = [
  'connectTimeoutMs',
  'commandTimeoutMs',
  'maxPendingBytes',
  'maxPendingMessages',
  'maxMessageBytes',
  'maxRetryDelayMs',
] as const;

/** Fills in the defaults and checks every value once (BAD_OPTION names the option and the value). */
export function resolveRedisBackplaneOptions(options: RedisBackplaneOptions): ResolvedRedisBackplaneOptions {
  const resolved = { ...REDIS_BACKPLANE_DEFAULTS, logger: silentLogger, ...definedOnly(options) };
  for (const name of NUMBERS) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new SwitchboardError('BAD_OPTION', `${name} must be a positive integer, got ${String(value)}`);
    }
  }
  if (typeof resolved.channel !== 'string' || resolved.channel === '' || resolved.channel.length > 256) {
    throw new SwitchboardError('BAD_OPTION', `channel must be a non-empty name of at most 256 characters`);
  }
  return resolved;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
