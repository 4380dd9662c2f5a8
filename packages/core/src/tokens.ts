import type { InjectionToken } from 'tsyringe';
import type { Connection } from './channel/connection.js';
import type { HandlerRegistry } from './handler/handler-registry.js';
import type { Hub } from './hub/hub.js';
import type { Logger } from './logging/logger.js';
import type { Backplane } from './hub/backplane.js';
import type { Authorizer } from './transport/authorizer.js';

/** The container's handler registry (see `registerHandler`). */
export const HANDLER_REGISTRY: InjectionToken<HandlerRegistry> = Symbol('switchboard.HandlerRegistry');
/** The Hub that broadcast-style handlers share. */
export const HUB: InjectionToken<Hub> = Symbol('switchboard.Hub');
/** Where the Hub sends broadcasts for other processes (in-memory by default). */
export const BACKPLANE: InjectionToken<Backplane> = Symbol('switchboard.Backplane');
/** The logger handlers and the reactor write to. */
export const LOGGER: InjectionToken<Logger> = Symbol('switchboard.Logger');
/**
 * The connection itself, for connection-scoped handlers and connection services: the reactor
 * resolves them in a child container of their own, made only for chains that inject this.
 */
export const CONNECTION: InjectionToken<Connection> = Symbol('switchboard.Connection');
/**
 * A listener's WebSocket authorizer: registered in the listener's container (or the app's), it
 * decides every upgrade request before the upgrade (see `Authorizer`). The `authorize` listen
 * option wins over it.
 */
export const AUTHORIZER: InjectionToken<Authorizer> = Symbol('switchboard.Authorizer');
