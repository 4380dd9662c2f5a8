import { Lifecycle, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Channel } from '../channel/channel.js';
import type { Framing } from '../codec/create-codec.js';
import { SwitchboardError } from '../errors.js';
import { handlerMeta, type HandlerMeta } from '../handler/handler-decorator.js';
import { handlerRegistryOf, type HandlerRegistry, type ServiceClass } from '../handler/handler-registry.js';
import type { Handler, HandlerClass } from '../handler/handler.js';
import { InjectionScan } from '../handler/injection-scan.js';
import { CONNECTION, HANDLER_REGISTRY } from '../tokens.js';
import { withHandlerOptions, type HandlerOptions } from './handler-options.js';

/** A handler named in the container, a handler class, or a ready instance (shared by all connections). */
export type HandlerSpec = string | HandlerClass | Handler;

/** A spec once looked up: what to build (or the instance) and what `@handler` said of it. */
interface Entry {
  readonly name: string;
  readonly type?: HandlerClass;
  readonly instance?: Handler;
  readonly meta?: HandlerMeta;
}

interface Link {
  readonly name: string;
  readonly shared?: Handler;
  readonly type?: HandlerClass;
  readonly framing?: Framing;
}

/**
 * A listener's handler chain, resolved once at `listen()`: names are checked up front, shared
 * handlers are built once, and only per-connection handlers are built for each connection. A
 * chain whose handlers inject CONNECTION (or a connection service) builds them in a child
 * container per connection; other chains make none.
 */
export class HandlerChain {
  readonly names: readonly string[];
  private readonly links: readonly Link[];
  private readonly allShared?: readonly Handler[];
  private readonly container: DependencyContainer;
  /** Present when a handler needs its connection: the services each connection's container builds. */
  private connectionServices?: Map<InjectionToken<unknown>, ServiceClass>;

  constructor(specs: readonly HandlerSpec[], container: DependencyContainer, options?: HandlerOptions) {
    if (specs.length === 0) throw new SwitchboardError('BAD_OPTION', 'A listener needs at least one handler');
    const registry = registryOf(container);
    const entries = specs.map((spec) => lookUp(spec, container));
    const metas = entries.flatMap((entry) => (entry.type && entry.meta ? [entry.meta] : []));
    this.container = withHandlerOptions(container, metas, options, registry);
    this.links = entries.map((entry) => this.link(entry, registry));
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

  /** The handler instances for one new connection (not yet open: a throwing constructor costs it alone). */
  create(connection: Channel): readonly Handler[] {
    if (this.allShared) return this.allShared;
    const container = this.connectionServices ? this.connectionContainer(connection) : this.container;
    return this.links.map((link) => link.shared ?? container.resolve(link.type!));
  }

  /** One connection's container: the connection itself, and its own instance of each connection service. */
  private connectionContainer(connection: Channel): DependencyContainer {
    const scope = this.container.createChildContainer();
    scope.registerInstance(CONNECTION, connection);
    for (const [token, type] of this.connectionServices!) {
      scope.register(token, { useClass: type }, { lifecycle: Lifecycle.Singleton });
    }
    return scope;
  }

  private link({ name, type, instance, meta }: Entry, registry: HandlerRegistry | undefined): Link {
    if (!type) return { name, shared: instance, framing: meta?.framing };
    const listenerScoped = meta?.scope === 'listener';
    const scan = new InjectionScan(this.container, registry).visit(type);
    if (!scan.connection) {
      const built = this.build(type, name);
      return { name, type, shared: listenerScoped ? built : undefined, framing: meta?.framing };
    }
    if (listenerScoped) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `Handler "${name}" is shared by the listener but injects its connection; declare it with scope 'connection'`,
      );
    }
    // Not built now: there is no connection yet. The scan has checked every parameter instead.
    if (scan.problem) throw new SwitchboardError('BAD_OPTION', `Cannot build handler "${name}": ${scan.problem}`);
    this.connectionServices = new Map([...(this.connectionServices ?? []), ...scan.services]);
    return { name, type, framing: meta?.framing };
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

function lookUp(spec: HandlerSpec, container: DependencyContainer): Entry {
  if (typeof spec === 'string') {
    const { meta, type } = handlerRegistryOf(container).get(spec);
    return { name: meta.name, type, meta };
  }
  if (typeof spec === 'function') {
    const meta = handlerMeta(spec);
    return { name: meta?.name ?? spec.name, type: spec, meta };
  }
  const meta = handlerMeta(spec.constructor);
  return { name: meta?.name ?? spec.constructor.name, instance: spec, meta };
}

/** The container's registry if it or a parent has one (a chain of classes needs none). */
function registryOf(container: DependencyContainer): HandlerRegistry | undefined {
  return container.isRegistered(HANDLER_REGISTRY, true) ? container.resolve(HANDLER_REGISTRY) : undefined;
}

function framingName(framing: Framing): string {
  return typeof framing === 'function' ? framing.name || 'a codec factory' : framing;
}
