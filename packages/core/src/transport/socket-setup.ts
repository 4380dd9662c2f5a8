import type { Socket } from 'node:net';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import type { SocketOptions } from './transport.js';

/** The certificate and key a tls:// or wss:// listener needs; BAD_OPTION naming the address without them. */
export function requireTls(
  endpoint: Endpoint,
  options: SocketOptions,
): { cert: string | Buffer; key: string | Buffer } {
  if (!options.tls) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `Listening on "${formatEndpoint(endpoint)}" needs a certificate and key (tls option, --cert/--key)`,
    );
  }
  return { cert: options.tls.cert, key: options.tls.key };
}

/** Applies the socket options every transport honours: no Nagle delay unless asked, keep-alive if asked. */
export function tuneSocket(socket: Socket, options: SocketOptions): void {
  if (options.noDelay !== false) socket.setNoDelay(true);
  if (options.keepAlive) socket.setKeepAlive(true, options.keepAlive);
}
