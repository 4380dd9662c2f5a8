import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Endpoint, Scheme } from '../endpoint/endpoint.js';
import type { Link } from './link.js';

/** Socket-level options a listener or outbound connection may set. */
export interface SocketOptions {
  /** Disable Nagle's algorithm (default true: a chat line should not wait 40 ms). */
  noDelay?: boolean;
  /** TCP keep-alive probe delay in ms; 0 or absent leaves it off. */
  keepAlive?: number;
  /** PEM certificate and key, for tls:// and wss://. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Listen backlog (default 511). */
  backlog?: number;
  /** Largest WebSocket message in bytes (ws/wss only; default 1 MiB). */
  maxPayload?: number;
  /** Origins allowed to open a WebSocket (ws/wss only; default: same origin and loopback). */
  allowedOrigins?: readonly string[];
  /** WebSocket ping interval in ms; a peer that misses a pong is dropped (default 30 000; 0 turns it off). */
  heartbeatMs?: number;
  /**
   * Answers plain HTTP requests on a ws/wss listener's port (a web page beside the WebSocket, e.g.
   * `serveStatic(dir)`). Without it they get 404, or 426 Upgrade Required on a WebSocket path.
   */
  httpHandler?: HttpRequestHandler;
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

/** Listener and connector for some URL schemes. */
export interface Transport {
  readonly schemes: readonly Scheme[];
  listen(endpoint: Endpoint, options: SocketOptions, accept: AcceptLink): Promise<BoundListener>;
  connect(endpoint: Endpoint, options: SocketOptions): Promise<Link>;
  /** Reports errors that belong to no connection (a listener failing after it bound). */
  onError?(listener: (err: Error) => void): void;
}
