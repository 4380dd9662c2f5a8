import type { Channel, ChannelConfig } from '../channel/channel.js';
import type { Endpoint } from '../endpoint/endpoint.js';
import { noTraffic, type TrafficCounts } from './traffic-counts.js';
import type { BoundListener } from '../transport/transport.js';
import { ListenerAdmission, type AdmissionEvents, type AdmissionLimits } from './admission.js';
import type { HandlerChain } from './handler-chain.js';
import type { ListenerHandle } from './listener-handle.js';
import type { ListenOptions } from './reactor-options.js';

/**
 * A listener the Reactor owns: where it listens, its chain, its limits, its open channels.
 * Users see it as a `ListenerHandle`.
 */
export class Listener implements ListenerHandle {
  readonly channels = new Set<Channel>();
  /** Byte and message counts of its channels that have closed; live ones are summed by `stats()`. */
  readonly closedTraffic: TrafficCounts = noTraffic();
  /** Its slots, reserved by transports at the raw socket (before a TLS handshake or HTTP upgrade). */
  readonly admission: ListenerAdmission;
  bound?: BoundListener;
  /** The bind in flight or done, shared by overlapping `start()` calls. */
  binding?: Promise<void>;

  constructor(
    /** The URL as given to `listen()` (port 0 stays 0 here; see `url`). */
    readonly requestedUrl: string,
    readonly endpoint: Endpoint,
    readonly chain: HandlerChain,
    readonly config: ChannelConfig,
    limits: AdmissionLimits,
    readonly socketOptions: ListenOptions,
    events: AdmissionEvents,
  ) {
    this.admission = new ListenerAdmission(limits, () => this.url, events);
  }

  get maxConnections(): number {
    return this.admission.limits.maxConnections;
  }

  /** The URL with the real port once bound. */
  get url(): string {
    return this.bound?.url ?? this.requestedUrl;
  }

  get port(): number {
    return this.bound?.port ?? this.endpoint.port;
  }

  get host(): string {
    return this.endpoint.host || this.endpoint.path;
  }

  get connections(): number {
    return this.channels.size;
  }
}
