import type { DependencyContainer } from 'tsyringe';

/** A plugin whose register() throws a multi-line error: the report must be one line naming the plugin. */
export function register(_container: DependencyContainer): void {
  throw new Error('licence server unreachable\n    at somewhere deep (plugin.js:1:1)');
}
