import type { Socket } from 'node:net';
import type { PeerAddress } from '../channel/peer-address.js';
import type { CloseReason, Link, LinkSink } from './link.js';

const CLOSE_TIMEOUT_MS = 2000;

/** A node:net (or node:tls) socket as a Link. */
export class NetLink implements Link {
  readonly kind = 'stream';
  private closing = false;

  constructor(
    private readonly socket: Socket,
    readonly remote: PeerAddress,
    readonly local: PeerAddress,
  ) {}

  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }

  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  attach(sink: LinkSink): void {
    const socket = this.socket;
    socket.on('data', (chunk: Buffer) => sink.onData(chunk));
    socket.on('drain', () => sink.onDrain());
    socket.on('end', () => sink.onEnd());
    socket.on('timeout', () => sink.onIdle());
    socket.on('error', (err) => sink.onError(err));
    socket.on('close', () => sink.onClose());
  }

  write(data: string | Uint8Array): boolean {
    return this.socket.write(data);
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  close(reason?: CloseReason): void {
    if (this.closing || this.socket.destroyed) return;
    this.closing = true;
    if (this.socket.writable) {
      if (reason?.notice !== undefined) this.socket.end(reason.notice);
      else this.socket.end();
    }
    // A peer that never reads or never closes its side must not hold the socket open.
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  setIdleTimeout(ms: number): void {
    this.socket.setTimeout(ms);
  }
}

/** The peer address of an accepted or connected socket (unix sockets get their path and a sequence). */
export function peerOf(socket: Socket, side: 'remote' | 'local', unixName?: string): PeerAddress {
  if (unixName !== undefined) return { address: unixName, port: 0, family: 'unix' };
  const address = (side === 'remote' ? socket.remoteAddress : socket.localAddress) ?? '';
  const port = (side === 'remote' ? socket.remotePort : socket.localPort) ?? 0;
  const family = (side === 'remote' ? socket.remoteFamily : socket.localFamily) === 'IPv6' ? 'IPv6' : 'IPv4';
  return { address, port, family };
}
