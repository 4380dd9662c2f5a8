import { unlink } from 'node:fs/promises';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError } from '../errors.js';
import type { Link } from './link.js';
import { NetLink, peerOf } from './net-link.js';
import type { AcceptLink, BoundListener, SocketOptions, Transport } from './transport.js';
import { requireTls, tuneSocket } from './socket-setup.js';
import { clearStaleSocketFile } from './unix-socket-file.js';

const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** tcp://, tls:// and unix:// over node:net and node:tls. */
export class NetTransport implements Transport {
  readonly schemes = ['tcp', 'tls', 'unix'] as const;
  private unixPeers = 0;
  private errorListener: (err: Error) => void = () => {};

  onError(listener: (err: Error) => void): void {
    this.errorListener = listener;
  }

  async listen(endpoint: Endpoint, options: SocketOptions, accept: AcceptLink): Promise<BoundListener> {
    const url = formatEndpoint(endpoint);
    const server = this.createServer(endpoint, options);
    const unix = endpoint.scheme === 'unix';
    // A TLS server's 'connection' is the raw TCP socket; the decrypted stream comes with 'secureConnection'.
    server.on(endpoint.scheme === 'tls' ? 'secureConnection' : 'connection', (socket: Socket) => {
      tuneSocket(socket, options);
      const remoteName = unix ? `${endpoint.path}#${++this.unixPeers}` : undefined;
      accept(new NetLink(socket, peerOf(socket, 'remote', remoteName), unix ? endpoint.path : undefined));
    });
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

  async connect(endpoint: Endpoint, options: SocketOptions): Promise<Link> {
    const url = formatEndpoint(endpoint);
    const target = endpoint.scheme === 'unix' ? { path: endpoint.path } : { host: endpoint.host, port: endpoint.port };
    const socket =
      endpoint.scheme === 'tls'
        ? tlsConnect({ ...target, servername: endpoint.host, allowHalfOpen: true } as never)
        : netConnect({ ...target, allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      socket.once(endpoint.scheme === 'tls' ? 'secureConnect' : 'connect', resolve);
      socket.once('error', (err) => reject(fromSystemError(err, 'connect to', url)));
    });
    tuneSocket(socket, options);
    const unixName = endpoint.scheme === 'unix' ? endpoint.path : undefined;
    return new NetLink(socket, peerOf(socket, 'remote', unixName), unixName);
  }

  private createServer(endpoint: Endpoint, options: SocketOptions): Server {
    // allowHalfOpen: a client that shuts down its sending side still gets its answers.
    if (endpoint.scheme !== 'tls') return createServer({ allowHalfOpen: true });
    // A client that never finishes its handshake is not the Reactor's yet: bound its stay.
    return createTlsServer({
      allowHalfOpen: true,
      handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
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
