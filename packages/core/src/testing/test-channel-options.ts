import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { PeerAddress } from '../channel/peer-address.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import type { ListenOptions } from '../reactor/reactor-options.js';
import { registerCoreServices } from '../register-core-services.js';

/** A value registered over the container's for one test channel: `[STORE, fakeStore]`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each pair's token and value agree, which a tuple list cannot say
export type Override = readonly [InjectionToken<any>, unknown];

/** How to build a `TestChannel`. */
export interface TestChannelOptions {
  /**
   * Where handler names resolve and services come from (default: a fresh child of the root
   * container). TestChannels made from one container share its Hub.
   */
  container?: DependencyContainer;
  /** Values registered in a child container for this channel only, over what `container` has. */
  overrides?: readonly Override[];
  /** The listener's options as `reactor.listen()` takes them: `codec`, limits, `idleTimeout`… */
  options?: ListenOptions;
  /**
   * The listen URL; its scheme picks the codec as the reactor would (`ws://` carries whole
   * messages). On `ws://` its path and query are the upgrade request's: `ws://127.0.0.1:8080/chat?room=a`.
   */
  url?: string;
  /** The upgrade request's headers on a `ws://` channel (names in lower case). */
  headers?: Readonly<Record<string, string | string[]>>;
  /** The peer's address (default 127.0.0.1 and a port of its own). */
  remote?: PeerAddress;
}

/** The container the chain resolves in: the listener's (or the shared one), under the overrides. */
export function scopeFor(setup: TestChannelOptions): DependencyContainer {
  const shared = setup.container ?? rootContainer.createChildContainer();
  // Services go in the shared container first, as the reactor does, so channels with overrides share one Hub.
  registerCoreServices(shared);
  const base = setup.options?.container ?? shared;
  registerCoreServices(base);
  if (!setup.overrides?.length) return base;
  const scope = base.createChildContainer();
  for (const [token, value] of setup.overrides) scope.registerInstance(token, value);
  return scope;
}

/** `/chat?room=a` of `ws://127.0.0.1:8080/chat?room=a`: what the browser's request line would carry. */
export function requestTarget(url: string): string {
  const afterScheme = url.indexOf('//') + 2;
  const slash = url.indexOf('/', afterScheme);
  return slash === -1 ? '/' : url.slice(slash);
}

/** This end's address, as the listen URL names it. */
export function localAddress(endpoint: Endpoint): PeerAddress {
  if (endpoint.scheme === 'unix') return { address: endpoint.path, port: 0, family: 'unix' };
  return { address: endpoint.host, port: endpoint.port, family: endpoint.host.includes(':') ? 'IPv6' : 'IPv4' };
}
