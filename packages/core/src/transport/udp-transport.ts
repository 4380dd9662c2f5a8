import type { RemoteInfo } from 'node:dgram';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError } from '../errors.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { Link } from './link.js';
import type { AcceptLink, Admission, BoundListener, SocketOptions, Transport } from './transport.js';
import { UdpOutbound } from './udp-outbound.js';
import { UdpPeerTable, type UdpListenerStats } from './udp-peer-table.js';
import { closeQuietly, createUdpSocket, maxDatagramSizeOf, settle, UDP_DEFAULTS, udpAddressOf } from './udp-socket.js';

/**
 * udp:// over node:dgram. A listener is one socket; each remote address:port is a channel,
 * opened by its first datagram and closed when it goes quiet. One datagram is one message each
 * way. Outbound `connect` gives a connected socket.
 */
export class UdpTransport implements Transport {
  readonly schemes = ['udp'] as const;
  private readonly logger: Logger;
  private readonly tables = new Map<BoundListener, UdpPeerTable>();
  private errorListener: (err: Error) => void = () => {};

  /** `logger` gets the once-per-episode lines about dropped datagrams (the reactor passes its own). */
  constructor(options: { logger?: Logger } = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  onError(listener: (err: Error) => void): void {
    this.errorListener = listener;
  }

  async listen(
    endpoint: Endpoint,
    options: SocketOptions & { idleTimeout?: number },
    accept: AcceptLink,
    admission?: Admission,
  ): Promise<BoundListener> {
    const requested = formatEndpoint(endpoint);
    const { socket, family } = await createUdpSocket(endpoint, 'listen on');
    let maxDatagramSize: number;
    try {
      maxDatagramSize = maxDatagramSizeOf(options, family, requested);
    } catch (err) {
      closeQuietly(socket);
      throw err;
    }
    const binding = settle(socket, 'listening', (err) => fromSystemError(err, 'listen on', requested));
    socket.bind({ address: endpoint.host, port: endpoint.port });
    await binding;
    const local = udpAddressOf(socket, 'local');
    const url = formatEndpoint(endpoint, local.port);
    // Channels with an idleTimeout (listener or reactor) follow the channel's idle rules (onIdle,
    // else IDLE_TIMEOUT); the others are closed quietly after 60 s, or a flood of one-datagram
    // peers would hold its slots. An explicit `idleTimeout: 0` keeps quiet peers.
    const expiryMs = options.idleTimeout === 0 ? 0 : UDP_DEFAULTS.idleTimeout;
    const tableOptions = { maxDatagramSize, expiryMs, logger: this.logger, url: () => url };
    const table = new UdpPeerTable(socket, local, tableOptions, accept, admission);
    socket.on('message', (datagram: Buffer, from: RemoteInfo) => table.receive(datagram, from));
    socket.on('error', (err) => this.errorListener(fromSystemError(err, 'serve on', url)));
    const bound: BoundListener = {
      url,
      port: local.port,
      close: () => table.close().then(() => void this.tables.delete(bound)),
    };
    this.tables.set(bound, table);
    return bound;
  }

  async connect(endpoint: Endpoint, options: SocketOptions, signal?: AbortSignal): Promise<Link> {
    const url = formatEndpoint(endpoint);
    signal?.throwIfAborted();
    const { socket, family } = await createUdpSocket(endpoint, 'connect to');
    const abort = () => closeQuietly(socket);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const maxDatagramSize = maxDatagramSizeOf(options, family, url);
      const connecting = settle(socket, 'connect', (err) => fromSystemError(err, 'connect to', url));
      // connect() only looks the name up and fixes the peer: no packet is sent, nobody has to answer.
      socket.connect(endpoint.port, endpoint.host);
      await Promise.race([connecting, aborted(signal)]);
      return new UdpOutbound(socket, maxDatagramSize).link;
    } catch (err) {
      closeQuietly(socket);
      throw err;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Peers and dropped-datagram counts of every bound udp:// listener. */
  stats(): UdpListenerStats[] {
    return [...this.tables].map(([bound, table]) => table.stats(bound.url));
  }
}

/** Rejects with the signal's reason once it aborts (never, without a signal). */
function aborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
