import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { SwitchboardError } from '../errors.js';
import { HANDLER_REGISTRY } from '../tokens.js';
import { handlerMeta, type HandlerMeta } from './handler-decorator.js';
import type { HandlerClass } from './handler.js';

/** A class the container builds (a connection service). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are the container's business
export type ServiceClass<T = unknown> = new (...args: any[]) => T;

/** A registered handler: its class and what `@handler` said of it. */
export interface HandlerEntry {
  readonly meta: HandlerMeta;
  readonly type: HandlerClass;
  /** Who registered it (a plugin's name), when that was said; named in duplicate-name errors. */
  readonly source?: string;
}

/**
 * Handlers by name. A child container's registry sees its parent's names and may shadow them; in
 * one registry a name is taken once, so a plugin cannot silently replace a built-in handler.
 */
export class HandlerRegistry {
  /** Who is registering now (the CLI sets it to a plugin's name while the plugin registers). */
  source?: string;
  private readonly entries = new Map<string, HandlerEntry>();
  private readonly connectionServices = new Map<InjectionToken<unknown>, ServiceClass>();

  constructor(private readonly parent?: HandlerRegistry) {}

  add(type: HandlerClass): HandlerEntry {
    const meta = handlerMeta(type);
    if (!meta) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `Class ${type.name} has no @handler('name') decorator, so it cannot be registered by name`,
      );
    }
    const taken = this.entries.get(meta.name);
    // Registering the same class again changes nothing; another class under a taken name is a mistake.
    if (taken?.type === type) return taken;
    const entry = { meta, type, source: this.source };
    if (taken) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `Handler "${meta.name}" is already registered by ${describe(taken)}; ${describe(entry)} cannot take the name`,
      );
    }
    this.entries.set(meta.name, entry);
    return entry;
  }

  get(name: string): HandlerEntry {
    const entry = this.find(name);
    if (!entry) {
      const known = this.names().join(', ') || 'none';
      throw new SwitchboardError('UNKNOWN_HANDLER', `Unknown handler "${name}" (registered: ${known})`);
    }
    return entry;
  }

  find(name: string): HandlerEntry | undefined {
    return this.entries.get(name) ?? this.parent?.find(name);
  }

  /** Declares `token` a connection service: one instance of `type` per connection (see `registerConnectionService`). */
  addConnectionService(token: InjectionToken<unknown>, type: ServiceClass): void {
    this.connectionServices.set(token, type);
  }

  /** The class built once per connection for `token`, if it is a connection service here or in a parent. */
  connectionService(token: InjectionToken<unknown>): ServiceClass | undefined {
    return this.connectionServices.get(token) ?? this.parent?.connectionService(token);
  }

  names(): string[] {
    const names = new Set([...(this.parent?.names() ?? []), ...this.entries.keys()]);
    return [...names].sort();
  }
}

function describe(entry: HandlerEntry): string {
  return entry.source === undefined ? entry.type.name : `${entry.source} (${entry.type.name})`;
}

/** The registry of this container (created on first use, chained to the parent container's). */
export function handlerRegistryOf(container: DependencyContainer): HandlerRegistry {
  if (container.isRegistered(HANDLER_REGISTRY, false)) return container.resolve(HANDLER_REGISTRY);
  const parent = container.isRegistered(HANDLER_REGISTRY, true)
    ? container.resolve<HandlerRegistry>(HANDLER_REGISTRY)
    : undefined;
  const registry = new HandlerRegistry(parent);
  container.registerInstance(HANDLER_REGISTRY, registry);
  return registry;
}

/** Registers handler classes by the names their `@handler` decorators gave them. */
export function registerHandler(container: DependencyContainer, ...types: HandlerClass[]): void {
  const registry = handlerRegistryOf(container);
  for (const type of types) registry.add(type);
}

/**
 * Makes a service per connection: each connection whose handlers inject it (directly or through
 * other services) gets its own instance, shared by that connection's handlers, and it may
 * `@inject(CONNECTION)`. Give a token to inject it by, or inject the class itself.
 */
export function registerConnectionService<T>(container: DependencyContainer, type: ServiceClass<T>): void;
export function registerConnectionService<T>(
  container: DependencyContainer,
  token: InjectionToken<T>,
  type: ServiceClass<T>,
): void;
export function registerConnectionService<T>(
  container: DependencyContainer,
  token: InjectionToken<T>,
  type?: ServiceClass<T>,
): void {
  const built = type ?? (token as ServiceClass<T>);
  if (typeof built !== 'function') {
    throw new SwitchboardError('BAD_OPTION', `Connection service ${String(token)} needs a class to build`);
  }
  handlerRegistryOf(container).addConnectionService(token, built);
}
