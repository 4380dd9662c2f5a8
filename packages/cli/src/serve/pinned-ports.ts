import { formatEndpoint, parseEndpoint } from '@switchboard/core/transport';
import type { ServeOptions } from './serve-options.js';

/**
 * How the primary tells later workers the port the first one bound for each native port-0
 * listener: `{"<listener index>": port}` in their environment. Native listeners are not bound
 * through the primary (each worker binds its own socket with SO_REUSEPORT), so port 0 would
 * give every worker a different port.
 */
export const PINNED_PORTS_ENV = 'SWITCHBOARD_PINNED_PORTS';

/** The listeners whose port the first worker picks for the others: native ones on port 0. */
export function portZeroNative(options: ServeOptions, names: readonly string[]): number[] {
  return options.listeners.flatMap((plan, i) =>
    names[i] === 'native' && parseEndpoint(plan.url).port === 0 ? [i] : [],
  );
}

/** The environment for later workers, from the first worker's listening URLs. */
export function pinnedPortsEnv(indexes: readonly number[], urls: readonly string[]): Record<string, string> {
  const ports = Object.fromEntries(indexes.map((i) => [i, parseEndpoint(urls[i]!).port]));
  return { [PINNED_PORTS_ENV]: JSON.stringify(ports) };
}

/** `options` with the pinned ports (from the environment the primary gave this worker) in place of port 0. */
export function withPinnedPorts(options: ServeOptions, pinned: string | undefined): ServeOptions {
  if (pinned === undefined) return options;
  const ports = JSON.parse(pinned) as Record<string, number>;
  return {
    ...options,
    listeners: options.listeners.map((plan, i) =>
      ports[i] === undefined ? plan : { ...plan, url: formatEndpoint(parseEndpoint(plan.url), ports[i]) },
    ),
  };
}
