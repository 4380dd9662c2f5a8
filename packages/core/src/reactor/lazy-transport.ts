import type { Endpoint, Scheme } from '../endpoint/endpoint.js';
import type { Link } from '../transport/link.js';
import type { AcceptLink, Admission, BoundListener, SocketOptions, Transport } from '../transport/transport.js';

/**
 * A built-in transport whose module loads with its first listener or connection, so that a
 * server carries only the transports it uses. Every module loaded at startup leaves objects that
 * survive V8's first scavenges, and enough of them make V8 double the young generation, which
 * lengthens every later scavenge pause (docs/benchmarks.md, "The echo tail").
 */
export class LazyTransport implements Transport {
  private loaded?: Promise<Transport>;
  private errorListener?: (err: Error) => void;

  constructor(
    readonly schemes: readonly Scheme[],
    private readonly load: () => Promise<Transport>,
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
    return (await this.transport()).listen(endpoint, options, accept, admission);
  }

  async connect(endpoint: Endpoint, options: SocketOptions, signal?: AbortSignal): Promise<Link> {
    return (await this.transport()).connect(endpoint, options, signal);
  }

  private transport(): Promise<Transport> {
    return (this.loaded ??= this.load().then((transport) => {
      if (this.errorListener) transport.onError?.(this.errorListener);
      return transport;
    }));
  }
}
