import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError, SwitchboardError } from '../errors.js';
import { checkLimitRange, type LimitName } from '../limit-ranges.js';
import { DirectFanOuts } from './direct-fan-out.js';
import type { DirectSend } from './direct-send.js';
import type { HttpServerPool, UpgradeRoute } from './http-server-pool.js';
import type { Link } from './link.js';
import { peerOf } from './net-link.js';
import { createOriginCheck } from './origin-check.js';
import { SocketGate } from './socket-gate.js';
import type { AcceptLink, Admission, BoundListener, SocketOptions, Transport } from './transport.js';
import { WsLink } from './ws-link.js';
import { clientTls, handshakeTimeoutOf, settleConnect, tuneSocket } from './socket-setup.js';
import { authorizeUpgrade } from './authorize-upgrade.js';
import { KeptUpgradeRequest } from './upgrade-request.js';
import { frameServerMessage } from './ws-frame.js';

/** WebSocket limits when a listener sets none. */
export const WS_DEFAULTS = {
  maxPayload: 1024 * 1024,
  heartbeatMs: 30_000,
} as const;

/**
 * `ws` and node:http(s) load with the first WebSocket listener or connection: a TCP-only server
 * does not carry them (with node:tls, about 1.2 MB of heap after startup).
 */
const loadWs = () => import('ws');
const loadHttp = () => import('./http-server-pool.js');

/**
 * ws:// and wss:// over the `ws` library, on an HTTP(S) server the transport owns; several paths
 * may share one port. Checks Origin (403), sizes (1009), and liveness (ping/pong heartbeat). With
 * a `directSend`, a broadcast to ws:// members is framed once and sent to their descriptors in one
 * call (wss:// writes as ever).
 */
export class WsTransport implements Transport {
  readonly schemes = ['ws', 'wss'] as const;
  private errorListener: (err: Error) => void = () => {};
  private pool?: HttpServerPool;
  private readonly directFanOuts?: DirectFanOuts;

  constructor(options: { directSend?: DirectSend } = {}) {
    if (options.directSend !== undefined)
      this.directFanOuts = new DirectFanOuts(options.directSend, frameServerMessage);
  }

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
    const [{ WebSocketServer }, { HttpServerPool, rejectUpgrade }] = await Promise.all([loadWs(), loadHttp()]);
    const pool = (this.pool ??= new HttpServerPool((err) => this.errorListener(err)));
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxPayload,
      perMessageDeflate: false,
      // The transport tracks its links itself; ws's own client Set would be a second copy.
      clientTracking: false,
    });
    const links = new Set<WsLink>();
    const originAllowed = createOriginCheck(options.allowedOrigins);
    const gate = admission && new SocketGate(admission);
    const direct = endpoint.scheme === 'ws' ? this.directFanOuts : undefined;
    const upgradeNow = (req: IncomingMessage, socket: Duplex, head: Buffer, request: KeptUpgradeRequest) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const link = this.serverLink(ws, req.socket, options, limits.maxPayload, request, direct);
        links.add(link);
        ws.once('close', () => links.delete(link));
        accept(link);
      });
    };
    const route: UpgradeRoute = {
      httpHandler: options.httpHandler,
      gate,
      upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (!originAllowed(req.headers.origin, req.headers.host)) {
          return rejectUpgrade(socket, 403, `Origin ${req.headers.origin} is not allowed`);
        }
        const request = new KeptUpgradeRequest(req.url ?? '/', req.headers, peerOf(req.socket, 'remote'));
        if (!options.authorize) return upgradeNow(req, socket, head, request);
        // The client has spent part of its handshake time already; the authorizer gets the full
        // timeout again at most, so a pending upgrade is bounded by about twice the timeout.
        const timeout = handshakeTimeoutOf(endpoint, options);
        // node:http has let go of the socket: an error while we wait must not go unheard.
        socket.on('error', ignore);
        void authorizeUpgrade(options.authorize, request, timeout, formatEndpoint(endpoint)).then((verdict) => {
          socket.removeListener('error', ignore);
          if (verdict.allow) {
            request.identity = verdict.identity;
            return upgradeNow(req, socket, head, request);
          }
          gate?.refuse(req.socket, verdict.error);
          rejectUpgrade(socket, verdict.status, verdict.body);
        });
      },
    };
    const binding = await pool.add(endpoint, options, route);
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

  async connect(endpoint: Endpoint, options: SocketOptions, signal?: AbortSignal): Promise<Link> {
    const url = formatEndpoint(endpoint);
    const { maxPayload } = wsLimits(endpoint, options);
    const tls = endpoint.scheme === 'wss' ? clientTls(endpoint, options) : {};
    const { WebSocket: Client } = await loadWs();
    const ws = new Client(url, { maxPayload, perMessageDeflate: false, ...tls });
    let socket: Socket | undefined;
    ws.once('upgrade', (res: IncomingMessage) => (socket = res.socket));
    // terminate() aborts the HTTP request and destroys its socket, at any stage of the handshake.
    // It reports that as an 'error' on a later tick, which nobody is waiting for any more.
    const stop = () => {
      ws.on('error', ignore);
      ws.terminate();
    };
    await settleConnect(ws, 'open', signal, stop, (err) => fromSystemError(err, 'connect to', url));
    const upgraded = socket!;
    tuneSocket(upgraded, options);
    return new WsLink(ws, upgraded, peerOf(upgraded, 'remote'), peerOf(upgraded, 'local'), maxPayload);
  }

  private serverLink(
    ws: WebSocket,
    socket: Socket,
    options: SocketOptions,
    maxPayload: number,
    request: KeptUpgradeRequest,
    direct: DirectFanOuts | undefined,
  ): WsLink {
    tuneSocket(socket, options);
    return new WsLink(ws, socket, peerOf(socket, 'remote'), peerOf(socket, 'local'), maxPayload, request, direct);
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

function ignore(): void {}
