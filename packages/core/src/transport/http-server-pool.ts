import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError, SwitchboardError } from '../errors.js';
import type { SocketGate } from './socket-gate.js';
import { handshakeFailure, handshakeTimeoutOf, requireTls } from './socket-setup.js';
import type { HttpRequestHandler, SocketOptions } from './transport.js';

/** One WebSocket path on a shared HTTP server. */
export interface UpgradeRoute {
  /** Takes an upgrade request for this path (or rejects it). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly httpHandler?: HttpRequestHandler;
  /** The route's listener limits; an upgraded socket's slot moves here from the port's gate. */
  readonly gate?: SocketGate;
}

/** A route's hold on its HTTP server. */
export interface RouteBinding {
  readonly port: number;
  /** Removes the route; the last one to go closes the HTTP server. */
  remove(): Promise<void>;
}

/** An HTTP(S) server and the WebSocket paths it routes upgrades to. */
class SharedServer {
  readonly routes = new Map<string, UpgradeRoute>();
  readonly ready: Promise<void>;
  port = 0;

  constructor(
    readonly server: Server,
    readonly secure: boolean,
    endpoint: Endpoint,
    options: SocketOptions,
    onError: (err: Error) => void,
    /** The gate of the listener that opened the port: it counts sockets whose path is not known yet. */
    private readonly gate?: SocketGate,
  ) {
    const url = formatEndpoint(endpoint);
    // Before node:http reads a byte: a socket still sending its request counts against the limits.
    if (gate) server.prependListener('connection', (socket: Socket) => this.admit(gate, socket));
    server.on('request', (req, res) => this.request(req, res));
    server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => this.clientError(err, socket));
    if (secure) server.on('tlsClientError', (err: Error, socket: Socket) => this.handshakeFailed(err, socket));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.ready = new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(fromSystemError(err, 'listen on', url)));
      server.listen(
        { host: endpoint.host, port: endpoint.port, backlog: options.backlog ?? 511, ipv6Only: false },
        () => {
          const address = server.address();
          this.port = typeof address === 'object' && address ? address.port : 0;
          server.on('error', (err) => onError(fromSystemError(err, 'serve on', url)));
          resolve();
        },
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      // Waits for upgraded sockets too; the Reactor closes those channels itself. Requests still
      // being read (a socket that never sends its upgrade) are not the Reactor's: drop them now.
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private admit(gate: SocketGate, socket: Socket): void {
    const refusal = gate.enter(socket);
    if (refusal === undefined) return;
    gate.refuse(socket, refusal);
    // Destroyed before node:http sees it; the answer usually leaves in the same system call.
    socket.write(rawResponse(503, `${refusal.code}\n`));
    socket.destroy();
  }

  /** A wss:// client whose TLS handshake failed (no client certificate on an mTLS port, say): log it, drop it. */
  private handshakeFailed(err: Error, socket: Socket): void {
    const failure = handshakeFailure(err);
    if (failure && this.gate) this.gate.refuse(socket, failure);
    socket.destroy();
  }

  /**
   * A request Node could not read: answered as Node would (a listener here replaces its answer),
   * and an upgrade request not finished within `handshakeTimeout` counted as a HANDSHAKE_TIMEOUT
   * refusal, like a TLS handshake that timed out.
   */
  private clientError(err: Error & { code?: string }, socket: Duplex): void {
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut && this.gate) {
      this.gate.refuse(
        socket as Socket,
        new SwitchboardError('HANDSHAKE_TIMEOUT', 'request not finished within handshakeTimeout'),
      );
    }
    const status = timedOut ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    // Nothing written yet: no response of a kept-alive request is cut in two.
    if (socket.writable && (socket as Socket).bytesWritten === 0)
      socket.write(rawResponse(status, `${STATUS_CODES[status]}\n`));
    socket.destroy();
  }

  private request(req: IncomingMessage, res: ServerResponse): void {
    const path = pathOf(req.url);
    if (path !== undefined && this.routes.has(path)) {
      return void res.writeHead(426, { Upgrade: 'websocket', 'Content-Type': 'text/plain' }).end('Upgrade Required\n');
    }
    const handler = [...this.routes.values()].find((route) => route.httpHandler)?.httpHandler;
    if (!handler) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
    try {
      handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = pathOf(req.url);
    const route = path === undefined ? undefined : this.routes.get(path);
    if (!route) return rejectUpgrade(socket, 404);
    const refusal = this.gate && route.gate ? this.gate.moveTo(socket as Socket, route.gate) : undefined;
    if (refusal !== undefined) {
      route.gate!.refuse(socket as Socket, refusal);
      return rejectUpgrade(socket, 503, refusal.code);
    }
    route.upgrade(req, socket, head);
  }
}

/**
 * The HTTP servers under ws:// and wss:// listeners, one per host:port, so that several
 * WebSocket paths share a port: `ws://h:8080/chat` and `ws://h:8080/feed`.
 */
export class HttpServerPool {
  private readonly servers = new Map<string, SharedServer>();

  constructor(private readonly onError: (err: Error) => void) {}

  async add(endpoint: Endpoint, options: SocketOptions, route: UpgradeRoute): Promise<RouteBinding> {
    const url = formatEndpoint(endpoint);
    const secure = endpoint.scheme === 'wss';
    // Port 0 means a fresh port, so it never shares.
    let shared = endpoint.port === 0 ? undefined : this.servers.get(keyOf(endpoint.host, endpoint.port));
    if (shared && shared.secure !== secure) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `Cannot listen on "${url}": the port already serves ${shared.secure ? 'wss' : 'ws'}`,
      );
    }
    if (shared?.routes.has(endpoint.path)) {
      throw new SwitchboardError('EADDRINUSE', `Failed to listen on "${url}": the path is already in use (EADDRINUSE)`);
    }
    if (!shared) {
      const server = createHttpServer(endpoint, options);
      shared = new SharedServer(server, secure, endpoint, options, this.onError, route.gate);
      if (endpoint.port !== 0) this.servers.set(keyOf(endpoint.host, endpoint.port), shared);
    }
    shared.routes.set(endpoint.path, route);
    try {
      await shared.ready;
    } catch (err) {
      shared.routes.delete(endpoint.path);
      this.forget(shared);
      throw err;
    }
    this.servers.set(keyOf(endpoint.host, shared.port), shared);
    const bound = shared;
    return { port: bound.port, remove: () => this.remove(bound, endpoint.path) };
  }

  private async remove(shared: SharedServer, path: string): Promise<void> {
    if (!shared.routes.delete(path) || shared.routes.size > 0) return;
    this.forget(shared);
    await shared.close();
  }

  private forget(shared: SharedServer): void {
    for (const [key, value] of this.servers) if (value === shared) this.servers.delete(key);
  }
}

/** Answers an upgrade request with a bare HTTP error and drops the socket. */
export function rejectUpgrade(socket: Duplex, status: number, detail?: string): void {
  socket.on('error', () => {});
  if (!socket.writable) return void socket.destroy();
  socket.end(rawResponse(status, `${detail ?? STATUS_CODES[status] ?? 'Error'}\n`));
}

function rawResponse(status: number, body: string): string {
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Node looks for expired requests at most this often, and at least ten times per timeout. */
const CHECK_INTERVAL_MS = 1000;

function createHttpServer(endpoint: Endpoint, options: SocketOptions): Server {
  // A client gets the handshake timeout for its TLS handshake and again for its request headers.
  // Node's defaults (60 s for headers, checked every 30 s; 120 s for a TLS handshake) let
  // half-opened sockets pile up.
  const timeout = handshakeTimeoutOf(endpoint, options);
  const limits = {
    headersTimeout: timeout,
    requestTimeout: 3 * timeout,
    connectionsCheckingInterval: Math.max(10, Math.min(CHECK_INTERVAL_MS, Math.floor(timeout / 10))),
  };
  if (endpoint.scheme !== 'wss') return createServer(limits);
  return createHttpsServer({ ...limits, ...requireTls(endpoint, options), handshakeTimeout: timeout });
}

function keyOf(host: string, port: number): string {
  return `${host}|${port}`;
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
