import type { DependencyContainer } from 'tsyringe';
import { AUTHORIZER } from '../tokens.js';
import type { ListenOptions } from './reactor-options.js';

/**
 * The listen options with the listener's authorizer: its `authorize` option, else an AUTHORIZER
 * registered in its container (or an ancestor), resolved once per listener.
 */
export function withAuthorizer(options: ListenOptions, container: DependencyContainer): ListenOptions {
  if (options.authorize || !container.isRegistered(AUTHORIZER, true)) return options;
  return { ...options, authorize: container.resolve(AUTHORIZER) };
}
