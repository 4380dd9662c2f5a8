import type { Logger } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { UsageError } from '../usage-error.js';

/** What the CLI uses of @switchboard/redis, which it loads only when --redis is given. */
interface RedisPackage {
  registerRedisBackplane(
    container: DependencyContainer,
    options: { url: string; channel?: string; logger: Logger },
  ): Promise<{ close(): Promise<void> }>;
}

/** Where the backplane connects and on which channel. */
export interface RedisSettings {
  readonly url: string;
  readonly channel?: string;
}

/**
 * Registers a Redis backplane in `container`, so that broadcasts reach the other processes.
 * @switchboard/redis is our own package: it is imported from the CLI's installation (a bare
 * `import()` resolves from this file), never from the working directory, where a planted
 * `node_modules/@switchboard/redis` would run as the server. Without it, --redis is a usage error.
 */
export async function connectRedis(
  container: DependencyContainer,
  settings: RedisSettings,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  let redis: Partial<RedisPackage>;
  try {
    redis = (await import('@switchboard/redis')) as Partial<RedisPackage>;
  } catch {
    throw new UsageError('--redis needs @switchboard/redis, not installed');
  }
  if (typeof redis.registerRedisBackplane !== 'function') {
    throw new UsageError('--redis needs @switchboard/redis with registerRedisBackplane(), not found');
  }
  const channel = settings.channel === undefined ? {} : { channel: settings.channel };
  return redis.registerRedisBackplane(container, { url: settings.url, ...channel, logger });
}
