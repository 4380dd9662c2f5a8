import { unlink } from 'node:fs/promises';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError } from '../errors.js';
import { DirectFanOuts } from './direct-fan-out.js';
import type { DirectSend } from './direct-send.js';
import type { Link } from './link.js';
import { NetLink, peerOf } from './net-link.js';
import type { AcceptLink, Admission, BoundListener, SocketOptions, Transport } from './transport.js';
import {
  clientTls,
  destroyOnError,
  handshakeFailure,
  handshakeTimeoutOf,
  requireTls,
  settleConnect,
  tuneSocket,
} from './socket-setup.js';
import { SocketGate } from './socket-gate.js';
import { clearStaleSocketFile } from './unix-socket-file.js';

/** node:tls loads with the first tls:// listener or connection: a plain TCP server does not carry it. */
const loadTls = () => import('node:tls');

/**
 * tcp://, tls:// and unix:// over node:net and node:tls. With a `directSend`, broadcasts to
 * accepted tcp:// sockets are sent to their descriptors in one call (TLS and unix sockets write as ever).
 */
export class NetTransport implements Transport {
  readonly schemes = ['tcp', 'tls', 'unix'] as const;
  private unixPeers = 0;
  private errorListener: (err: Error) => void = () => {};
  private readonly directFanOuts?: DirectFanOuts;

  constructor(options: { directSend?: DirectSend } = {}) {
    if (options.directSend !== undefined) this.directFanOuts = new DirectFanOuts(options.directSend);
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
    const url = formatEndpoint(endpoint);
    const server = await this.createServer(endpoint, options);
    const unix = endpoint.scheme === 'unix';
    const gate = admission && new SocketGate(admission);
    const direct = endpoint.scheme === 'tcp' ? this.directFanOuts : undefined;
    const link = (socket: Socket) => {
      tuneSocket(socket, options);
      const remoteName = unix ? `${endpoint.path}#${++this.unixPeers}` : undefined;
      return new NetLink(socket, peerOf(socket, 'remote', remoteName), unix ? endpoint.path : undefined, direct);
    };
    if (endpoint.scheme === 'tls') {
      // 'connection' is the raw TCP socket: reserve its slot before the handshake costs anything.
      server.prependListener('connection', (raw: Socket) => {
        const refusal = gate?.enter(raw);
        if (refusal === undefined) return;
        gate!.refuse(raw, refusal);
        raw.destroy();
      });
      // A failed or timed-out handshake is reported here, and Node leaves the socket open: close it.
      server.on('tlsClientError', (err: Error, socket: TLSSocket) => {
        const failure = handshakeFailure(err);
        if (failure && gate) gate.refuse(socket as Socket, failure);
        socket.destroy();
      });
      server.on('secureConnection', (socket: TLSSocket) => {
        // Half-open before the handshake is a scanner gone; after it, a client that finished sending.
        socket.allowHalfOpen = true;
        socket.on('error', destroyOnError);
        accept(link(socket));
      });
    } else {
      server.on('connection', (socket: Socket) => {
        const refusal = gate?.enter(socket);
        if (refusal === undefined) return accept(link(socket));
        const refused = link(socket);
        gate!.admission.refuse(refused.remote, refusal, refused);
      });
    }
    if (unix) await clearStaleSocketFile(endpoint.path, url);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(fromSystemError(err, 'listen on', url)));
      const target = unix ? { path: endpoint.path } : { host: endpoint.host, port: endpoint.port, ipv6Only: false };
      server.listen({ ...target, backlog: options.backlog ?? 511 }, resolve);
    });
    server.on('error', (err) => this.errorListener(fromSystemError(err, 'serve on', url)));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      url: formatEndpoint(endpoint, port),
      port,
      close: () => closeServer(server, unix ? endpoint.path : undefined),
    };
  }

  async connect(endpoint: Endpoint, options: SocketOptions, signal?: AbortSignal): Promise<Link> {
    const url = formatEndpoint(endpoint);
    const target = endpoint.scheme === 'unix' ? { path: endpoint.path } : { host: endpoint.host, port: endpoint.port };
    const tls = endpoint.scheme === 'tls';
    const socket = tls
      ? (await loadTls()).connect({ ...target, ...clientTls(endpoint, options), allowHalfOpen: true } as never)
      : netConnect({ ...target, allowHalfOpen: true });
    // Destroying the socket also stops the OS attempt (a SYN nobody answers, a handshake that never ends).
    const stop = () => socket.destroy();
    const describe = (err: unknown) => fromSystemError(err, 'connect to', url);
    await settleConnect(socket, tls ? 'secureConnect' : 'connect', signal, stop, describe);
    tuneSocket(socket, options);
    const unixName = endpoint.scheme === 'unix' ? endpoint.path : undefined;
    return new NetLink(socket, peerOf(socket, 'remote', unixName), unixName);
  }

  private async createServer(endpoint: Endpoint, options: SocketOptions): Promise<Server> {
    // allowHalfOpen: a client that shuts down its sending side still gets its answers.
    if (endpoint.scheme !== 'tls') return createServer({ allowHalfOpen: true });
    // A client that never finishes its handshake is not the Reactor's yet: bound its stay. Not
    // half-open until the handshake is done, so a peer that hangs up mid-handshake is closed at once.
    const { createServer: createTlsServer } = await loadTls();
    return createTlsServer({
      allowHalfOpen: false,
      handshakeTimeout: handshakeTimeoutOf(endpoint, options),
      ...requireTls(endpoint, options),
    });
  }
}

function closeServer(server: Server, socketPath: string | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    // server.close waits for open connections; the Reactor drains or destroys those itself.
    server.close(() => resolve());
    if (socketPath) void unlink(socketPath).catch(() => undefined);
  });
}
