/** A listener as `reactor.listen()` returns it: where it listens and how busy it is. */
export interface ListenerHandle {
  /** The listen URL; after a port-0 listener is bound, with its real port. */
  readonly url: string;
  /** The bound port (0 until bound, and for unix sockets). */
  readonly port: number;
  /** The host of the listen URL (`127.0.0.1`, `::1`), or the socket path for unix. */
  readonly host: string;
  /** Connections open now. */
  readonly connections: number;
}
