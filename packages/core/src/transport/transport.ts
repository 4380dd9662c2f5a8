import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PeerAddress } from '../channel/peer-address.js';
import type { Endpoint, Scheme } from '../endpoint/endpoint.js';
import type { SwitchboardError } from '../errors.js';
import type { AuthorizeOption } from './authorizer.js';
import type { Link } from './link.js';

/** Socket-level options a listener or outbound connection may set. */
export interface SocketOptions {
  /** Disable Nagle's algorithm (default true: a chat line should not wait 40 ms). */
  noDelay?: boolean;
  /** TCP keep-alive probe delay in ms; 0 or absent leaves it off. */
  keepAlive?: number;
  /** TLS settings: a listener's certificate (tls://, wss://), a client's trust and certificate. */
  tls?: TlsOptions;
  /**
   * How long a new connection may take to finish its TLS handshake (tls://, wss://) or send its
   * WebSocket upgrade request (ws://, wss://) before it is dropped, in ms (default 10 000).
   */
  handshakeTimeout?: number;
  /** Listen backlog (default 511). */
  backlog?: number;
  /** Largest WebSocket message in bytes (ws/wss only; default 1 MiB). */
  maxPayload?: number;
  /** Origins allowed to open a WebSocket (ws/wss only; default: same origin and loopback). */
  allowedOrigins?: readonly string[];
  /** WebSocket ping interval in ms; a peer that misses a pong is dropped (default 30 000; 0 turns it off). */
  heartbeatMs?: number;
  /**
   * Largest UDP datagram payload in bytes, either way (udp only; default 65 507, the most IPv4
   * carries). A larger write fails with DATAGRAM_TOO_LARGE; a larger datagram received is dropped.
   */
  maxDatagramSize?: number;
  /**
   * Answers plain HTTP requests on a ws/wss listener's port (a web page beside the WebSocket, e.g.
   * `serveStatic(dir)`). Without it they get 404, or 426 Upgrade Required on a WebSocket path.
   */
  httpHandler?: HttpRequestHandler;
  /**
   * Decides each WebSocket upgrade (ws/wss listeners) after the Origin check: allow, with an
   * identity handlers read as `ctx.connection.request.identity`, or refuse with 401/403. Without
   * it, an `AUTHORIZER` registered in the listener's container is used.
   */
  authorize?: AuthorizeOption;
}

/** PEM material and checks for tls:// and wss://, on either side. */
export interface TlsOptions {
  /** A listener's certificate (required to listen); on a client, its certificate for mTLS. */
  cert?: string | Buffer;
  /** The private key of `cert`. */
  key?: string | Buffer;
  /**
   * Certificate authorities. On a listener: require every client to present a certificate they
   * signed (mTLS). On a client: trust servers they signed (instead of the system's roots).
   */
  ca?: string | Buffer | (string | Buffer)[];
  /** Client: the name to verify the server's certificate against (default: the URL's host). */
  servername?: string;
  /** Client: false accepts any server certificate (self-signed development servers only). Default true. */
  rejectUnauthorized?: boolean;
}

/** A node:http request listener, for the HTTP server under ws:// and wss:// listeners. */
export type HttpRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A bound listener, as its transport reports it. */
export interface BoundListener {
  /** The listen URL with the real port (after port 0). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting; resolves once the transport has let go of the address. */
  close(): Promise<void>;
}

/** Called by a transport for every accepted connection. */
export type AcceptLink = (link: Link) => void;

/**
 * A listener's gate, consulted for every raw socket before a TLS handshake or an HTTP request is
 * read: a slot is reserved at accept and given back when the raw socket closes, so connections
 * still handshaking count against the listener's limits.
 */
export interface Admission {
  /** Reserves a slot for a peer at `address` (undefined for unix peers); the refusal when none is free. */
  admit(address: string | undefined): SwitchboardError | undefined;
  /** Gives back a slot `admit` reserved. */
  release(address: string | undefined): void;
  /** Reports a refused peer; with a `link`, tells it why in the listener's framing and closes it. */
  refuse(peer: PeerAddress, error: SwitchboardError, link?: Link): void;
}

/** Listener and connector for some URL schemes. */
export interface Transport {
  /** Picked by a listener's `transport` option ('native'); built-in transports are 'js'. */
  readonly name?: string;
  readonly schemes: readonly Scheme[];
  /**
   * Binds `endpoint`. A transport that takes `admission` asks it for every raw socket; one that
   * does not still gets its links checked against `maxConnections` by the Reactor.
   */
  listen(endpoint: Endpoint, options: SocketOptions, accept: AcceptLink, admission?: Admission): Promise<BoundListener>;
  /**
   * Opens an outbound connection. When `signal` aborts (the reactor closes, the connect timeout
   * passes), the attempt stops at once, its socket destroyed, and the promise rejects with the
   * signal's reason.
   */
  connect(endpoint: Endpoint, options: SocketOptions, signal?: AbortSignal): Promise<Link>;
  /** Reports errors that belong to no connection (a listener failing after it bound). */
  onError?(listener: (err: Error) => void): void;
}
