import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { PeerAddress } from '../channel/peer-address.js';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { fromSystemError, SwitchboardError } from '../errors.js';
import type { SocketOptions } from './transport.js';

/** The largest UDP payload each IP version carries (65 535 less the IP and UDP headers). */
export const UDP_MAX_PAYLOAD = { IPv4: 65_507, IPv6: 65_527 } as const;

export const UDP_DEFAULTS = {
  /** The most IPv4 carries, on either family: a datagram is never cut short by our own limit by surprise. */
  maxDatagramSize: UDP_MAX_PAYLOAD.IPv4,
  /** Peers quiet this long are closed, unless the listener (or reactor) sets `idleTimeout`. */
  idleTimeout: 60_000,
} as const;

/**
 * A udp4 or udp6 socket for the endpoint's host (a name is looked up once). Dual-stack when
 * bound to `::`, as TCP listeners are.
 */
export async function createUdpSocket(
  endpoint: Endpoint,
  action: string,
): Promise<{ socket: Socket; family: 'IPv4' | 'IPv6' }> {
  let family = isIP(endpoint.host);
  if (family === 0) {
    try {
      family = (await lookup(endpoint.host)).family;
    } catch (err) {
      throw fromSystemError(err, action, formatEndpoint(endpoint));
    }
  }
  const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: false });
  return { socket, family: family === 6 ? 'IPv6' : 'IPv4' };
}

/** The listener's maxDatagramSize, checked against what its IP version carries (BAD_OPTION). */
export function maxDatagramSizeOf(options: SocketOptions, family: 'IPv4' | 'IPv6', url: string): number {
  const size = options.maxDatagramSize ?? UDP_DEFAULTS.maxDatagramSize;
  const max = UDP_MAX_PAYLOAD[family];
  if (Number.isSafeInteger(size) && size >= 1 && size <= max) return size;
  throw new SwitchboardError(
    'BAD_OPTION',
    `maxDatagramSize must be an integer from 1 to ${max} for ${url}, got ${String(options.maxDatagramSize)}`,
  );
}

/** Binds (or connects) a fresh socket, rejecting with the errno name and the address. */
export function settle(
  socket: Socket,
  event: 'listening' | 'connect',
  describe: (err: unknown) => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      socket.removeListener(event, done);
      closeQuietly(socket);
      reject(describe(err));
    };
    const done = () => {
      socket.removeListener('error', fail);
      resolve();
    };
    socket.once('error', fail);
    socket.once(event, done);
  });
}

/** A socket's own address, or its peer's (connected sockets). */
export function udpAddressOf(socket: Socket, side: 'local' | 'remote'): PeerAddress {
  const info = side === 'local' ? socket.address() : socket.remoteAddress();
  return { address: info.address, port: info.port, family: info.family === 'IPv6' ? 'IPv6' : 'IPv4' };
}

/** Closes a socket that may be closed already (dgram throws ERR_SOCKET_DGRAM_NOT_RUNNING then). */
export function closeQuietly(socket: Socket, done?: () => void): void {
  try {
    socket.close(done);
  } catch {
    done?.();
  }
}

/** How long a closing socket waits for datagrams handed to it to leave before it closes anyway. */
const FLUSH_WAIT_MS = 1000;

/**
 * Counts datagrams handed to a socket and not yet sent, so that closing the socket (which cancels
 * pending sends) can wait for the last ones: a goodbye or an answer to `quit` still leaves.
 */
export class UdpSendCounter {
  private inFlight = 0;
  private idle?: () => void;

  started(): void {
    this.inFlight++;
  }

  done(): void {
    if (--this.inFlight === 0) this.idle?.();
  }

  /** Closes `socket` once nothing is in flight, or after FLUSH_WAIT_MS; resolves when closed. */
  closeWhenSent(socket: Socket): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.idle?.(), FLUSH_WAIT_MS);
      timer.unref();
      this.idle = () => {
        this.idle = undefined;
        clearTimeout(timer);
        closeQuietly(socket, resolve);
      };
      if (this.inFlight === 0) this.idle();
    });
  }
}
