import type { DependencyContainer } from 'tsyringe';
import { SwitchboardError } from '../errors.js';
import type { HandlerMeta } from '../handler/handler-decorator.js';
import type { HandlerRegistry } from '../handler/handler-registry.js';

/** One listener's options for its handlers, by handler name: `{ greeting: { text: 'hi' } }`. */
export type HandlerOptions = Readonly<Record<string, unknown>>;

/**
 * The container a listener builds its handlers in: `container` itself, or with options, a child
 * holding each value under the token its handler declared (`@handler('greeting', { options: TOKEN })`).
 * A name no handler has, or a handler that declares no token, is BAD_OPTION; options for a
 * registered handler this chain does not use are ignored (one config may serve many listeners).
 */
export function withHandlerOptions(
  container: DependencyContainer,
  chain: readonly HandlerMeta[],
  options: HandlerOptions | undefined,
  registry: HandlerRegistry | undefined,
): DependencyContainer {
  const given = Object.entries(options ?? {}).filter(([, value]) => value !== undefined);
  if (given.length === 0) return container;
  const child = container.createChildContainer();
  for (const [name, value] of given) {
    const used = chain.find((meta) => meta.name === name);
    const meta = used ?? registry?.find(name)?.meta;
    if (!meta) {
      throw new SwitchboardError('BAD_OPTION', `handlerOptions names "${name}", but no handler has that name`);
    }
    if (!meta.options) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `Handler "${name}" takes no options: its @handler declares no options token`,
      );
    }
    if (used) child.registerInstance(meta.options, value);
  }
  return child;
}
