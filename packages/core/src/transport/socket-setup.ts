import { constants } from 'node:crypto';
import type { Socket } from 'node:net';
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

/**
 * The certificate and key a tls:// or wss:// listener needs (BAD_OPTION naming the address without
 * them), with TLS 1.2 renegotiation refused: each one costs the server a handshake, and a client
 * asking again and again would otherwise keep a core busy.
 */
export function requireTls(
  endpoint: Endpoint,
  options: SocketOptions,
): { cert: string | Buffer; key: string | Buffer; secureOptions: number } {
  if (!options.tls) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `Listening on "${formatEndpoint(endpoint)}" needs a certificate and key (tls option, --cert/--key)`,
    );
  }
  return { cert: options.tls.cert, key: options.tls.key, secureOptions: constants.SSL_OP_NO_RENEGOTIATION };
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
