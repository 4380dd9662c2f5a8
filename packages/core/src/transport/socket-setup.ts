import { constants } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { isIP, type Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import { MAX_TIMER_MS } from '../limit-ranges.js';
import type { SocketOptions } from './transport.js';

/** How long a connection may take over its TLS handshake or WebSocket upgrade when the listener does not say. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The listener's handshake timeout; BAD_OPTION naming the address unless it is a positive integer. */
export function handshakeTimeoutOf(endpoint: Endpoint, options: SocketOptions): number {
  const value = options.handshakeTimeout ?? HANDSHAKE_TIMEOUT_MS;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TIMER_MS) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `handshakeTimeout must be an integer from 1 to ${MAX_TIMER_MS} ms, got ${String(value)} (for "${formatEndpoint(endpoint)}")`,
    );
  }
  return value;
}

/** What node:tls needs of a listener's TlsOptions: its certificate, and with a `ca`, client certificates required. */
export interface ServerTlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  secureOptions: number;
  ca?: string | Buffer | (string | Buffer)[];
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
}

/**
 * The certificate and key a tls:// or wss:// listener needs (BAD_OPTION naming the address without
 * them), with TLS 1.2 renegotiation refused: each one costs the server a handshake, and a client
 * asking again and again would otherwise keep a core busy. A `ca` makes it mTLS: a client without
 * a certificate that CA signed fails its handshake.
 */
export function requireTls(endpoint: Endpoint, options: SocketOptions): ServerTlsOptions {
  const tls = options.tls;
  if (!tls?.cert || !tls.key) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `Listening on "${formatEndpoint(endpoint)}" needs a certificate and key (tls option, --cert/--key)`,
    );
  }
  const server: ServerTlsOptions = {
    cert: tls.cert,
    key: tls.key,
    secureOptions: constants.SSL_OP_NO_RENEGOTIATION,
  };
  if (tls.ca !== undefined) Object.assign(server, { ca: tls.ca, requestCert: true, rejectUnauthorized: true });
  return server;
}

/** node:tls client options for a tls:// or wss:// connect: trust, server name (never an IP: Node refuses those), client certificate. */
export function clientTls(endpoint: Endpoint, options: SocketOptions): ConnectionOptions {
  const tls = options.tls ?? {};
  const servername = tls.servername ?? (isIP(endpoint.host) ? undefined : endpoint.host);
  const client: ConnectionOptions = { rejectUnauthorized: tls.rejectUnauthorized !== false };
  if (servername) client.servername = servername;
  if (tls.ca !== undefined) client.ca = tls.ca;
  if (tls.cert !== undefined) client.cert = tls.cert;
  if (tls.key !== undefined) client.key = tls.key;
  return client;
}

/**
 * Waits for a connecting socket's `event`; rejects with its error, or with `signal`'s reason after
 * calling `stop` (which destroys the socket) when the signal aborts first.
 */
export function settleConnect(
  emitter: EventEmitter,
  event: string,
  signal: AbortSignal | undefined,
  stop: () => void,
  describe: (err: unknown) => Error,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      emitter.removeListener(event, onEvent);
      emitter.removeListener('error', onError);
    };
    const onAbort = () => {
      done();
      stop();
      reject(signal!.reason as Error);
    };
    const onEvent = () => {
      done();
      resolve();
    };
    const onError = (err: unknown) => {
      done();
      stop();
      reject(describe(err));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    emitter.on(event, onEvent);
    emitter.on('error', onError);
  });
}

/** Applies the socket options every transport honours: no Nagle delay unless asked, keep-alive if asked. */
export function tuneSocket(socket: Socket, options: SocketOptions): void {
  if (options.noDelay !== false) socket.setNoDelay(true);
  if (options.keepAlive) socket.setKeepAlive(true, options.keepAlive);
}

/** An 'error' listener for TLS sockets: Node reports some TLS errors without closing the socket; close it. */
export function destroyOnError(this: Socket): void {
  this.destroy();
}

/**
 * The refusal to log for a TLS handshake that failed (a client certificate missing or not
 * trusted, a protocol mismatch, a timeout); none for a client that simply hung up (`nc -z`, a
 * port scanner), which is not worth a line.
 */
export function handshakeFailure(err: Error & { code?: string }): SwitchboardError | undefined {
  if (err.code === 'ECONNRESET') return undefined;
  if (err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') {
    return new SwitchboardError('HANDSHAKE_TIMEOUT', 'TLS handshake not finished within handshakeTimeout', {
      cause: err,
    });
  }
  const reason = err.message.replace(/^[^:]*routines:/, '').trim() || 'unknown reason';
  return new SwitchboardError('TLS_HANDSHAKE_FAILED', `TLS handshake failed: ${reason} (${err.code ?? 'UNKNOWN'})`, {
    cause: err,
  });
}
