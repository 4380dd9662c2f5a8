import { injectable, type InjectionToken } from 'tsyringe';
import type { Framing, MessageOf } from '../codec/create-codec.js';
import { SwitchboardError } from '../errors.js';
import type { HandlerClassFor } from './handler.js';

/** 'connection': a fresh instance for every connection; 'listener': one instance shared by all of a listener's connections. */
export type HandlerScope = 'connection' | 'listener';

/** What `@handler` records about a handler class. */
export interface HandlerMeta {
  readonly name: string;
  readonly scope: HandlerScope;
  /**
   * The framing the handler needs on stream transports: a built-in codec's name, or its own codec
   * factory (a protocol such as RESP); absent means any framing will do.
   */
  readonly framing?: Framing;
  /** Where the handler injects its options from; a listener's `handlerOptions[name]` is registered there. */
  readonly options?: InjectionToken<unknown>;
}

/** What `@handler(name, …)` accepts besides the name; `F` is the declared framing. */
export type HandlerDecoratorOptions<F extends Framing | undefined = Framing | undefined> = Partial<
  Omit<HandlerMeta, 'name' | 'framing'>
> & { readonly framing?: F };

const metaByClass = new WeakMap<object, HandlerMeta>();
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Names a handler class and makes it injectable. It records metadata only: registration is
 * explicit (`registerHandler(container, Class)`), never a side effect of importing a file.
 * The declared framing types `onMessage`: with `framing: 'lines'` a class whose `onMessage`
 * does not take a string is a compile error (see `MessageOf`).
 */
export function handler<F extends Framing | undefined = undefined>(
  name: string,
  options: HandlerDecoratorOptions<F> = {},
): <T extends HandlerClassFor<MessageOf<F>>>(target: T) => T {
  if (!NAME.test(name)) {
    throw new SwitchboardError('BAD_OPTION', `Handler name "${name}" must be lower-case letters, digits and dashes`);
  }
  return <T extends HandlerClassFor<MessageOf<F>>>(target: T): T => {
    injectable()(target as never);
    metaByClass.set(target, {
      name,
      scope: options.scope ?? 'connection',
      framing: options.framing,
      options: options.options,
    });
    return target;
  };
}

/** The metadata `@handler` recorded on a class, if any. */
export function handlerMeta(target: object): HandlerMeta | undefined {
  return metaByClass.get(target);
}
