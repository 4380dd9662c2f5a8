import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  formatEndpoint,
  fromSystemError,
  NetTransport,
  type AcceptLink,
  type Admission,
  type BoundListener,
  type Endpoint,
  type Link,
  type Transport,
} from '@switchboard/core/transport';
import type { SocketOptions } from '@switchboard/core';
import { loadNativeBinding } from './native-binding.js';
import { NativeListener } from './native-listener.js';
import { NativeLoop } from './native-loop.js';

let sharedLoop: NativeLoop | undefined;

/** The process's one readiness loop, started on first use; undefined when the addon is not loaded. */
export function nativeLoop(): NativeLoop | undefined {
  if (sharedLoop !== undefined) return sharedLoop;
  const { binding } = loadNativeBinding();
  return (sharedLoop = binding && new NativeLoop(binding));
}

/** How a NativeTransport binds its listeners. */
export interface NativeTransportOptions {
  /**
   * SO_REUSEPORT on every listener: several processes (the CLI's `--workers`) each bind their own
   * socket on one port and the kernel spreads new connections over them. Off by default, so a
   * port in use is EADDRINUSE.
   */
  reusePort?: boolean;
}

/**
 * tcp:// listeners on the native readiness loop (an epoll set in the addon, one call into
 * JavaScript per turn). Outbound tcp:// connections stay on node:net. Make one with
 * `createNativeTransport()`, which answers undefined where the addon is not available.
 */
export class NativeTransport implements Transport {
  readonly name = 'native';
  readonly schemes = ['tcp'] as const;
  private readonly net = new NetTransport();
  private errorListener: (err: Error) => void = () => {};

  constructor(
    private readonly loop: NativeLoop,
    private readonly options: NativeTransportOptions = {},
  ) {}

  onError(listener: (err: Error) => void): void {
    this.errorListener = listener;
  }

  async listen(
    endpoint: Endpoint,
    options: SocketOptions,
    accept: AcceptLink,
    admission?: Admission,
  ): Promise<BoundListener> {
    const url = formatEndpoint(endpoint);
    let bound: [number, number];
    try {
      // The addon binds literal addresses only; names are resolved as node:net would.
      const host = isIP(endpoint.host) !== 0 ? endpoint.host : (await lookup(endpoint.host)).address;
      bound = this.loop.binding.listen(
        host,
        endpoint.port,
        options.backlog ?? 511,
        options.noDelay ?? true,
        options.keepAlive ?? 0,
        this.options.reusePort === true,
      );
    } catch (err) {
      throw fromSystemError(err, 'listen on', url);
    }
    const [id, port] = bound;
    const listener = new NativeListener(this.loop, id, url, accept, admission, (err) => this.errorListener(err));
    this.loop.addListener(id, listener);
    return { url: formatEndpoint(endpoint, port), port, close: async () => listener.close() };
  }

  connect(endpoint: Endpoint, options: SocketOptions, signal?: AbortSignal): Promise<Link> {
    return this.net.connect(endpoint, options, signal);
  }
}

/** A NativeTransport where the addon loaded, else undefined (see `nativeStatus()` for why). */
export function createNativeTransport(options: NativeTransportOptions = {}): NativeTransport | undefined {
  const loop = nativeLoop();
  return loop && new NativeTransport(loop, options);
}

/** Whether the addon is loaded, and if not, why (for the one notice a server prints). */
export function nativeStatus(): { available: boolean; reason?: string } {
  const { binding, reason } = loadNativeBinding();
  return binding ? { available: true } : { available: false, reason };
}
