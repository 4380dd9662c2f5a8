import { noticeFor, peerErrorText } from '../channel/notice.js';
import { formatPeer } from '../channel/peer-address.js';
import { SwitchboardError, toError } from '../errors.js';
import type { Link } from '../transport/link.js';
import type { Listener } from './listener.js';
import type { RefusedConnection } from './reactor-events.js';

/** Why a listener cannot take a connection now: it is full, or the reactor is shutting down. */
export function refusalError(listener: Listener, shuttingDown: boolean): SwitchboardError {
  return shuttingDown
    ? new SwitchboardError('REACTOR_CLOSED', `Server at ${listener.url} is shutting down`)
    : fullError(listener.url, listener.maxConnections);
}

/** Every slot of the listener is taken. */
export function fullError(url: string, maxConnections: number): SwitchboardError {
  return new SwitchboardError(
    'MAX_CONNECTIONS',
    `Server is full: ${maxConnections} connections on ${url}; try again later`,
  );
}

/** One address holds all the slots it may. */
export function perIpError(url: string, address: string, maxConnectionsPerIp: number): SwitchboardError {
  return new SwitchboardError(
    'MAX_CONNECTIONS_PER_IP',
    `Too many connections from ${address}: ${maxConnectionsPerIp} per address on ${url}`,
  );
}

/** One address opens connections faster than the listener lets it. */
export function rateError(
  url: string,
  address: string,
  limits: { acceptRatePerIp: number; acceptBurstPerIp: number },
): SwitchboardError {
  return new SwitchboardError(
    'ACCEPT_RATE_PER_IP',
    `Too many new connections from ${address}: more than ${limits.acceptRatePerIp}/s ` +
      `(burst ${limits.acceptBurstPerIp}) on ${url}`,
  );
}

/** The once-per-address warning that one address holds more than half of a listener's slots. */
export function crowdedWarning(listener: Listener, address: string, count: number): string {
  const perIp = listener.admission.limits.maxConnectionsPerIp;
  const cap = perIp > 0 ? `maxConnectionsPerIp is ${perIp}` : 'no per-address limit is set (--max-connections-per-ip)';
  return (
    `${address} holds ${count} of the ${listener.maxConnections} connection slots on ${listener.url}; ` +
    `${cap}. Other clients are refused once the listener is full.`
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
 * Turns a connection away: a close, after one coded ERROR notice where the peer gets notices
 * (never a handler's internals; a WebSocket peer reads the close code). Returns what the reactor reports.
 */
export function refuseConnection(listener: Listener, link: Link, error: SwitchboardError): RefusedConnection {
  link.close({ notice: noticeFor(listener.config, link.kind, `ERROR ${peerErrorText(error)}`), error });
  return { url: listener.url, peer: formatPeer(link.remote), error };
}
