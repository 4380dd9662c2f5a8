import type { Logger } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { UsageError } from '../usage-error.js';
import { importModule } from './import-module.js';

/** What the CLI uses of @switchboard/redis, which it loads only when --redis is given. */
interface RedisPackage {
  registerRedisBackplane(
    container: DependencyContainer,
    options: { url: string; logger: Logger },
  ): Promise<{ close(): Promise<void> }>;
}

/**
 * Registers a Redis backplane in `container`, so that broadcasts reach the other processes.
 * @switchboard/redis is optional: without it, --redis is a usage error.
 */
export async function connectRedis(
  container: DependencyContainer,
  url: string,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  let redis: Partial<RedisPackage>;
  try {
    redis = (await importModule('@switchboard/redis')) as Partial<RedisPackage>;
  } catch {
    throw new UsageError('--redis needs @switchboard/redis, not installed');
  }
  if (typeof redis.registerRedisBackplane !== 'function') {
    throw new UsageError('--redis needs @switchboard/redis with registerRedisBackplane(), not found');
  }
  return redis.registerRedisBackplane(container, { url, logger });
}
