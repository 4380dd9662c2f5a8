import { formatPeer } from '../channel/peer-address.js';
import { SwitchboardError, toError } from '../errors.js';
import type { Link } from '../transport/link.js';
import type { Listener } from './listener.js';
import type { RefusedConnection } from './reactor-events.js';

/** Why a listener cannot take a connection now: it is full, or the reactor is shutting down. */
export function refusalError(listener: Listener, shuttingDown: boolean): SwitchboardError {
  return shuttingDown
    ? new SwitchboardError('REACTOR_CLOSED', `Server at ${listener.url} is shutting down`)
    : new SwitchboardError(
        'MAX_CONNECTIONS',
        `Server is full: ${listener.maxConnections} connections on ${listener.url}; try again later`,
      );
}

/** A per-connection handler whose constructor threw: that connection is refused, nobody else notices. */
export function handlerBuildError(listener: Listener, link: Link, thrown: unknown): SwitchboardError {
  const cause = toError(thrown);
  const names = listener.chain.names.join(',');
  return new SwitchboardError(
    'HANDLER_FAILED',
    `Handlers ${names} could not be built for ${formatPeer(link.remote)} on ${listener.url}: ${cause.message}`,
    { cause },
  );
}

/**
 * Turns a connection away: one coded ERROR notice in the listener's framing (never a handler's
 * internals), then a close. Returns what the reactor reports.
 */
export function refuseConnection(listener: Listener, link: Link, error: SwitchboardError): RefusedConnection {
  const text = error.code === 'HANDLER_FAILED' ? 'internal error' : error.message;
  link.close({ notice: listener.config.codec.notice(`ERROR ${error.code} ${text}`), error });
  return { url: listener.url, peer: formatPeer(link.remote), error };
}
