import type { Channel, ChannelConfig } from '../channel/channel.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import type { BoundListener, SocketOptions } from '../transport/transport.js';
import type { HandlerChain } from './handler-chain.js';

/** A listener the Reactor owns: where it listens, its chain, its limits, its open channels. */
export class Listener {
  readonly channels = new Set<Channel>();
  bound?: BoundListener;
  /** The bind in flight or done, shared by overlapping `start()` calls. */
  binding?: Promise<void>;

  constructor(
    /** The URL as given to `listen()` (port 0 stays 0 here; see `url`). */
    readonly requestedUrl: string,
    readonly endpoint: Endpoint,
    readonly chain: HandlerChain,
    readonly config: ChannelConfig,
    readonly maxConnections: number,
    readonly socketOptions: SocketOptions,
  ) {}

  /** The URL with the real port once bound. */
  get url(): string {
    return this.bound?.url ?? this.requestedUrl;
  }

  get port(): number {
    return this.bound?.port ?? this.endpoint.port;
  }

  get connections(): number {
    return this.channels.size;
  }
}
