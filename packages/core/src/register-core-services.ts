import type { DependencyContainer } from 'tsyringe';
import { MemoryBackplane } from './hub/backplane.js';
import { Hub } from './hub/hub.js';
import { silentLogger, type Logger } from './logging/logger.js';
import { BACKPLANE, HUB, LOGGER } from './tokens.js';

/**
 * Gives a container what handlers may inject (Hub, Backplane, Logger), unless it or a parent
 * already has them: an app registers its own (a Redis backplane, pino) before creating the reactor.
 */
export function registerCoreServices(container: DependencyContainer, logger: Logger = silentLogger): void {
  if (!container.isRegistered(BACKPLANE, true)) container.registerInstance(BACKPLANE, new MemoryBackplane());
  if (!container.isRegistered(LOGGER, true)) container.registerInstance(LOGGER, logger);
  if (!container.isRegistered(HUB, true)) container.registerInstance(HUB, new Hub(container.resolve(BACKPLANE)));
}
