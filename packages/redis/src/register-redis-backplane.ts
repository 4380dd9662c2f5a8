import { BACKPLANE } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { RedisBackplane, type RedisBackplaneOptions } from './redis-backplane.js';

/**
 * Connects a Redis backplane and registers it as the container's BACKPLANE. Call it before
 * creating the Reactor, so that the Hub the reactor builds uses it.
 */
export async function registerRedisBackplane(
  container: DependencyContainer,
  options: RedisBackplaneOptions = {},
): Promise<RedisBackplane> {
  const backplane = new RedisBackplane(options);
  await backplane.connect();
  container.registerInstance(BACKPLANE, backplane);
  return backplane;
}
