import type { Socket } from 'node:net';
import type { PeerAddress } from '../channel/peer-address.js';
import type { CloseReason, Link, LinkSink } from './link.js';

const CLOSE_TIMEOUT_MS = 2000;

/** Where an attached socket keeps its link, for the shared listeners in NetLink. */
const LINK = Symbol('switchboard.netLink');
type LinkedSocket = Socket & { [LINK]: NetLink };

/** A node:net (or node:tls) socket as a Link. */
export class NetLink implements Link {
  readonly kind = 'stream';
  private closing = false;
  private attached = false;
  private idleMs = 0;
  private listeningForDrain = false;
  private listeningForTimeout = false;
  private sink?: LinkSink;
  private localAddress?: PeerAddress;

  /**
   * `remote` is read at once (it is gone from a closed socket and every log line needs it);
   * `local` only when asked for, since an idle connection rarely needs it.
   */
  constructor(
    private readonly socket: Socket,
    readonly remote: PeerAddress,
    private readonly unixPath?: string,
  ) {}

  get local(): PeerAddress {
    return (this.localAddress ??= peerOf(this.socket, 'local', this.unixPath));
  }

  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }

  get waitingForDrain(): boolean {
    return this.socket.writableNeedDrain;
  }

  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  attach(sink: LinkSink): void {
    this.attached = true;
    this.sink = sink;
    // Shared listeners that find their link on the socket, instead of six closures per connection:
    // at 10,000 idle connections that is ~300 bytes of heap each.
    const socket = this.socket as LinkedSocket;
    socket[LINK] = this;
    socket.on('data', NetLink.onData);
    socket.on('end', NetLink.onEnd);
    socket.on('error', NetLink.onError);
    socket.on('close', NetLink.onClose);
    // 'drain' and 'timeout' are listened for only once needed: each listener costs every idle socket.
    if (this.idleMs > 0) this.listenForTimeout();
  }

  private static onData(this: LinkedSocket, chunk: Buffer): void {
    this[LINK].sink!.onData(chunk);
  }

  private static onDrain(this: LinkedSocket): void {
    this[LINK].sink!.onDrain();
  }

  private static onEnd(this: LinkedSocket): void {
    this[LINK].sink!.onEnd();
  }

  private static onTimeout(this: LinkedSocket): void {
    const link = this[LINK];
    link.sink!.onIdle();
    // Node's timer fires once per quiet spell; re-arm it so a kept connection hears of the next one too.
    if (link.idleMs > 0 && !this.destroyed) this.setTimeout(link.idleMs);
  }

  private static onError(this: LinkedSocket, err: Error): void {
    this[LINK].sink!.onError(err);
  }

  private static onClose(this: LinkedSocket): void {
    this[LINK].sink!.onClose();
  }

  write(data: string | Uint8Array): boolean {
    if (this.socket.write(data)) return true;
    if (!this.listeningForDrain) {
      this.listeningForDrain = true;
      this.socket.on('drain', NetLink.onDrain);
    }
    return false;
  }

  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
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
    // A refused connection was never attached: without a listener a reset would be an uncaught 'error'.
    if (!this.attached) this.socket.on('error', () => {});
    // Read and discard whatever still comes, so the peer's FIN is seen and the socket closes promptly.
    this.socket.resume();
    if (this.socket.writable) {
      if (reason?.notice !== undefined) this.socket.end(reason.notice);
      else this.socket.end();
    }
    // A peer that never reads or never closes its side must not hold the socket open.
    const lingerMs = reason?.lingerMs ?? CLOSE_TIMEOUT_MS;
    if (lingerMs === 0) return;
    const timer = setTimeout(() => this.socket.destroy(), lingerMs);
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
    this.idleMs = ms;
    if (ms > 0 && this.attached) this.listenForTimeout();
    this.socket.setTimeout(ms);
  }

  private listenForTimeout(): void {
    if (this.listeningForTimeout) return;
    this.listeningForTimeout = true;
    this.socket.on('timeout', NetLink.onTimeout);
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
