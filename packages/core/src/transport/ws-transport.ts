import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError, SwitchboardError } from '../errors.js';
import { checkLimitRange, type LimitName } from '../limit-ranges.js';
import { HttpServerPool, rejectUpgrade, type UpgradeRoute } from './http-server-pool.js';
import type { Link } from './link.js';
import { peerOf } from './net-link.js';
import { createOriginCheck } from './origin-check.js';
import { SocketGate } from './socket-gate.js';
import type { AcceptLink, Admission, BoundListener, SocketOptions, Transport } from './transport.js';
import { WsLink } from './ws-link.js';
import { tuneSocket } from './socket-setup.js';
import { KeptUpgradeRequest } from './upgrade-request.js';

/** WebSocket limits when a listener sets none. */
export const WS_DEFAULTS = {
  maxPayload: 1024 * 1024,
  heartbeatMs: 30_000,
} as const;

/**
 * ws:// and wss:// over the `ws` library, on an HTTP(S) server the transport owns; several paths
 * may share one port. Checks Origin (403), sizes (1009), and liveness (ping/pong heartbeat).
 */
export class WsTransport implements Transport {
  readonly schemes = ['ws', 'wss'] as const;
  private errorListener: (err: Error) => void = () => {};
  private readonly pool = new HttpServerPool((err) => this.errorListener(err));

  onError(listener: (err: Error) => void): void {
    this.errorListener = listener;
  }

  async listen(
    endpoint: Endpoint,
    options: SocketOptions,
    accept: AcceptLink,
    admission?: Admission,
  ): Promise<BoundListener> {
    const limits = wsLimits(endpoint, options);
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxPayload,
      perMessageDeflate: false,
      // The transport tracks its links itself; ws's own client Set would be a second copy.
      clientTracking: false,
    });
    const links = new Set<WsLink>();
    const originAllowed = createOriginCheck(options.allowedOrigins);
    const route: UpgradeRoute = {
      httpHandler: options.httpHandler,
      gate: admission && new SocketGate(admission),
      upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (!originAllowed(req.headers.origin, req.headers.host)) {
          return rejectUpgrade(socket, 403, `Origin ${req.headers.origin} is not allowed`);
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          const link = this.serverLink(ws, req, options, limits.maxPayload);
          links.add(link);
          ws.once('close', () => links.delete(link));
          accept(link);
        });
      },
    };
    const binding = await this.pool.add(endpoint, options, route);
    const heartbeat =
      limits.heartbeatMs > 0
        ? setInterval(() => links.forEach((link) => link.heartbeat()), limits.heartbeatMs)
        : undefined;
    heartbeat?.unref();
    return {
      url: formatEndpoint(endpoint, binding.port),
      port: binding.port,
      close: async () => {
        clearInterval(heartbeat);
        wss.close();
        await binding.remove();
      },
    };
  }

  async connect(endpoint: Endpoint, options: SocketOptions): Promise<Link> {
    const url = formatEndpoint(endpoint);
    const { maxPayload } = wsLimits(endpoint, options);
    const ws = new WebSocket(url, { maxPayload, perMessageDeflate: false });
    const socket = await new Promise<Socket>((resolve, reject) => {
      let upgraded: Socket | undefined;
      ws.once('upgrade', (res: IncomingMessage) => (upgraded = res.socket));
      ws.once('open', () => resolve(upgraded!));
      ws.once('error', (err) => reject(fromSystemError(err, 'connect to', url)));
    });
    tuneSocket(socket, options);
    return new WsLink(ws, socket, peerOf(socket, 'remote'), peerOf(socket, 'local'), maxPayload);
  }

  private serverLink(ws: WebSocket, req: IncomingMessage, options: SocketOptions, maxPayload: number): WsLink {
    const socket = req.socket;
    tuneSocket(socket, options);
    const request = new KeptUpgradeRequest(req.url ?? '/', req.headers);
    return new WsLink(ws, socket, peerOf(socket, 'remote'), peerOf(socket, 'local'), maxPayload, request);
  }
}

/** The listener's limits with defaults filled in; BAD_OPTION naming the option when one is not sane. */
function wsLimits(endpoint: Endpoint, options: SocketOptions): { maxPayload: number; heartbeatMs: number } {
  const limits = {
    maxPayload: options.maxPayload ?? WS_DEFAULTS.maxPayload,
    heartbeatMs: options.heartbeatMs ?? WS_DEFAULTS.heartbeatMs,
  };
  for (const [key, value] of Object.entries(limits)) {
    checkLimitRange(key as LimitName, value, ` (for "${formatEndpoint(endpoint)}")`);
    if (!Number.isInteger(value) || value < 0) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `${key} must be a non-negative integer, got ${String(value)} (for "${formatEndpoint(endpoint)}")`,
      );
    }
  }
  return limits;
}
