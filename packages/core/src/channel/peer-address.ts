/** One end of a connection, as getpeername/getsockname report it. */
export interface PeerAddress {
  /** IP address, or the socket path for unix sockets. */
  readonly address: string;
  /** Port number; 0 for unix sockets. */
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6' | 'unix';
}

/** `127.0.0.1:36259`, `[::1]:36259`, or the path for unix sockets: how logs and broadcasts name a peer. */
export function formatPeer(peer: PeerAddress): string {
  if (peer.family === 'unix') return peer.address;
  return peer.family === 'IPv6' ? `[${peer.address}]:${peer.port}` : `${peer.address}:${peer.port}`;
}
