import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError, SwitchboardError } from '../errors.js';
import { requireTls } from './socket-setup.js';
import type { HttpRequestHandler, SocketOptions } from './transport.js';

/** One WebSocket path on a shared HTTP server. */
export interface UpgradeRoute {
  /** Takes an upgrade request for this path (or rejects it). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly httpHandler?: HttpRequestHandler;
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
  ) {
    const url = formatEndpoint(endpoint);
    server.on('request', (req, res) => this.request(req, res));
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
      shared = new SharedServer(createHttpServer(endpoint, options), secure, endpoint, options, this.onError);
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
  const body = `${detail ?? STATUS_CODES[status] ?? 'Error'}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** A client gets this long to send its request headers (and TLS handshake) before it is dropped. */
const HEADERS_TIMEOUT_MS = 10_000;

function createHttpServer(endpoint: Endpoint, options: SocketOptions): Server {
  // Node's defaults (60 s for headers, 120 s for a TLS handshake) let idle half-opened sockets pile up.
  const limits = { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 3 * HEADERS_TIMEOUT_MS };
  if (endpoint.scheme !== 'wss') return createServer(limits);
  return createHttpsServer({ ...limits, ...requireTls(endpoint, options), handshakeTimeout: HEADERS_TIMEOUT_MS });
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
