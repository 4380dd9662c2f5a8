import type { DependencyContainer } from 'tsyringe';

/** A plugin whose register() never settles (waiting on a service that never answers). */
export function register(_container: DependencyContainer): Promise<void> {
  return new Promise<void>(() => {});
}
