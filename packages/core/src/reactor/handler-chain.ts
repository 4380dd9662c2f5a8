import type { DependencyContainer } from 'tsyringe';
import type { Framing } from '../codec/create-codec.js';
import { SwitchboardError } from '../errors.js';
import { handlerMeta } from '../handler/handler-decorator.js';
import { handlerRegistryOf } from '../handler/handler-registry.js';
import type { Handler, HandlerClass } from '../handler/handler.js';

/** A handler named in the container, a handler class, or a ready instance (shared by all connections). */
export type HandlerSpec = string | HandlerClass | Handler;

interface Link {
  readonly name: string;
  readonly shared?: Handler;
  readonly type?: HandlerClass;
  readonly framing?: Framing;
}

/**
 * A listener's handler chain, resolved once at `listen()`: names are checked up front, shared
 * handlers are built once, and only per-connection handlers are built for each connection.
 */
export class HandlerChain {
  readonly names: readonly string[];
  private readonly links: readonly Link[];
  private readonly allShared?: readonly Handler[];

  constructor(
    specs: readonly HandlerSpec[],
    private readonly container: DependencyContainer,
  ) {
    if (specs.length === 0) throw new SwitchboardError('BAD_OPTION', 'A listener needs at least one handler');
    this.links = specs.map((spec) => this.resolveSpec(spec));
    this.names = this.links.map((link) => link.name);
    if (this.links.every((link) => link.shared)) this.allShared = this.links.map((link) => link.shared!);
  }

  /** The framing the handlers ask for; BAD_OPTION when two ask for different ones. */
  framing(): Framing | undefined {
    let chosen: Framing | undefined;
    for (const link of this.links) {
      if (!link.framing || link.framing === chosen) continue;
      if (chosen) {
        throw new SwitchboardError(
          'BAD_OPTION',
          `Handlers ${this.names.join(',')} need different framings (${framingName(chosen)}, ${framingName(link.framing)}); set the codec option`,
        );
      }
      chosen = link.framing;
    }
    return chosen;
  }

  /** The handler instances for one new connection. */
  create(): readonly Handler[] {
    if (this.allShared) return this.allShared;
    return this.links.map((link) => link.shared ?? this.container.resolve(link.type!));
  }

  private resolveSpec(spec: HandlerSpec): Link {
    if (typeof spec === 'string') {
      const { meta, type } = handlerRegistryOf(this.container).get(spec);
      const built = this.build(type, meta.name);
      return { name: meta.name, type, shared: meta.scope === 'listener' ? built : undefined, framing: meta.framing };
    }
    if (typeof spec === 'function') {
      const meta = handlerMeta(spec);
      const name = meta?.name ?? spec.name;
      const built = this.build(spec, name);
      return { name, type: spec, shared: meta?.scope === 'listener' ? built : undefined, framing: meta?.framing };
    }
    const meta = handlerMeta(spec.constructor);
    return { name: meta?.name ?? spec.constructor.name, shared: spec, framing: meta?.framing };
  }

  /** Builds one instance now, so that a missing `@inject` fails at listen() and not at the first connection. */
  private build(type: HandlerClass, name: string): Handler {
    try {
      return this.container.resolve(type);
    } catch (cause) {
      throw new SwitchboardError('BAD_OPTION', `Cannot build handler "${name}": ${(cause as Error).message}`, {
        cause,
      });
    }
  }
}

function framingName(framing: Framing): string {
  return typeof framing === 'function' ? framing.name || 'a codec factory' : framing;
}
