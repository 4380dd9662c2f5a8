import { formatPeer } from '../channel/peer-address.js';
import { SwitchboardError } from '../errors.js';
import type { Link } from '../transport/link.js';
import type { Listener } from './listener.js';
import type { RefusedConnection } from './reactor-events.js';

/**
 * Turns away a connection the listener cannot take (full, or shutting down): one coded ERROR
 * notice in the listener's framing, then a close. Returns what the reactor reports.
 */
export function refuseConnection(listener: Listener, link: Link, shuttingDown: boolean): RefusedConnection {
  const error = shuttingDown
    ? new SwitchboardError('REACTOR_CLOSED', `Server at ${listener.url} is shutting down`)
    : new SwitchboardError(
        'MAX_CONNECTIONS',
        `Server is full: ${listener.maxConnections} connections on ${listener.url}; try again later`,
      );
  link.close({ notice: listener.config.codec.notice(`ERROR ${error.code} ${error.message}`), error });
  return { url: listener.url, peer: formatPeer(link.remote), error };
}
