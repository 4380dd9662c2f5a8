import type { Socket } from 'node:net';
import type { PeerAddress } from '../channel/peer-address.js';
import type { DirectFanOuts } from './direct-fan-out.js';
import { descriptorOf, socketIdle } from './direct-send.js';
import { DirectSocketLink } from './direct-socket-link.js';
import { HeldWrites } from './held-writes.js';
import type { CloseReason, Link, LinkSink } from './link.js';

const CLOSE_TIMEOUT_MS = 2000;
/** What a closing connection may still send us (read and thrown away) before it is cut off. */
export const LINGER_MAX_BYTES = 64 * 1024;

/** Where an attached socket keeps its link, for the shared listeners in NetLink. */
const LINK = Symbol('switchboard.netLink');
type LinkedSocket = Socket & { [LINK]: NetLink };

/** A node:net (or node:tls) socket as a Link. */
export class NetLink extends DirectSocketLink implements Link {
  private closing = false;
  private attached = false;
  private idleMs = 0;
  private listeningForDrain = false;
  private listeningForTimeout = false;
  private sink?: LinkSink;
  private localAddress?: PeerAddress;
  /** Made on the first cork (broadcast receivers); idle connections never have one. */
  private held?: HeldWrites;

  /**
   * `remote` is read at once (it is gone from a closed socket and every log line needs it);
   * `local` only when asked for, since an idle connection rarely needs it.
   */
  constructor(
    socket: Socket,
    readonly remote: PeerAddress,
    private readonly unixPath?: string,
    directFanOuts?: DirectFanOuts,
  ) {
    super(socket, directFanOuts);
  }

  /** A getter, not a field: one field less on every idle connection. */
  get kind(): 'stream' {
    return 'stream';
  }

  get local(): PeerAddress {
    return (this.localAddress ??= peerOf(this.socket, 'local', this.unixPath));
  }

  directFd(): number {
    if (this.closing || this.held?.corked === true || !socketIdle(this.socket)) return -1;
    return this.direct!.fd;
  }

  sentDirect(): void {
    // node:net restarts a socket's idle timer on its own writes; a direct send is one too.
    if (this.idleMs > 0) (this.socket as Socket & { _unrefTimer?(): void })._unrefTimer?.();
  }

  writeRest(data: Uint8Array, offset: number): void {
    if (this.socket.destroyed) return;
    if (!this.socket.write(offset === 0 ? data : data.subarray(offset))) this.listenForDrain();
  }

  get waitingForDrain(): boolean {
    return this.socket.writableNeedDrain;
  }

  get bufferedBytes(): number {
    return this.held === undefined ? this.socket.writableLength : this.socket.writableLength + this.held.bytes;
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
    this.direct?.beforeWrite();
    const held = this.held;
    if (held?.corked === true) {
      held.push(data);
      // Judged against what the socket holds already; the turn's bytes are judged on uncork.
      if (!this.socket.writableNeedDrain) return true;
    } else {
      const sent = typeof data !== 'string' && this.directFanOuts !== undefined ? this.sendDirect(data) : 0;
      if (sent === 0) {
        if (this.socket.write(data)) return true;
      } else if (sent === data.length || this.socket.write((data as Uint8Array).subarray(sent))) return true;
    }
    this.listenForDrain();
    return false;
  }

  /**
   * With the addon, bytes to a socket with nothing queued go straight to its descriptor, without
   * Node's Writable and libuv write request: an echo's reply costs less than socket.write's.
   * Returns the bytes the kernel took (0: none, a full buffer or an error); the caller writes the
   * rest the ordinary way, in order, where an error is reported as before.
   */
  private sendDirect(data: Uint8Array): number {
    if (this.closing || !socketIdle(this.socket)) return 0;
    const fd = descriptorOf(this.socket);
    if (fd < 0) return 0;
    const sent = this.directFanOuts!.sendOne(fd, data);
    if (sent <= 0) return 0;
    this.directTarget.bytes += sent;
    this.sentDirect();
    return sent;
  }

  cork(): void {
    this.direct?.beforeWrite();
    (this.held ??= new HeldWrites()).corked = true;
  }

  uncork(): void {
    const held = this.held;
    if (held?.corked !== true) return;
    held.corked = false;
    const data = held.take();
    if (data === undefined || this.socket.destroyed) return;
    if (!this.socket.write(data)) this.listenForDrain();
  }

  end(): void {
    this.direct?.beforeWrite();
    this.uncork();
    this.socket.end();
  }

  /**
   * With an error, Node hands that one object to every queued write; without one it builds an
   * error with a stack trace per queued write, which for a slow peer holding many is seconds of CPU.
   * The channel has reported the error already, so the socket's own 'error' event is ignored.
   */
  destroy(error?: Error): void {
    this.held?.drop();
    if (error !== undefined && !this.socket.destroyed) {
      this.socket.removeListener('error', NetLink.onError).on('error', ignoreError);
    }
    this.socket.destroy(error);
  }

  close(reason?: CloseReason): void {
    if (this.closing || this.socket.destroyed) return;
    this.direct?.beforeWrite();
    this.closing = true;
    // A refused connection was never attached: without a listener a reset would be an uncaught 'error'.
    if (!this.attached) this.socket.on('error', () => {});
    // Read and discard what still comes, so the peer's FIN is seen and the socket closes promptly;
    // but a peer that keeps sending is cut off after a few reads' worth, as Apache's lingering close does.
    const limit = this.socket.bytesRead + LINGER_MAX_BYTES;
    this.socket.on('data', function cutOffFlood(this: Socket) {
      if (this.bytesRead > limit) this.destroy();
    });
    this.socket.resume();
    this.uncork();
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

  private listenForDrain(): void {
    if (this.listeningForDrain) return;
    this.listeningForDrain = true;
    this.socket.on('drain', NetLink.onDrain);
  }

  private listenForTimeout(): void {
    if (this.listeningForTimeout) return;
    this.listeningForTimeout = true;
    this.socket.on('timeout', NetLink.onTimeout);
  }
}

function ignoreError(): void {}

/** The peer address of an accepted or connected socket (unix sockets get their path and a sequence). */
export function peerOf(socket: Socket, side: 'remote' | 'local', unixName?: string): PeerAddress {
  if (unixName !== undefined) return { address: unixName, port: 0, family: 'unix' };
  const address = (side === 'remote' ? socket.remoteAddress : socket.localAddress) ?? '';
  const port = (side === 'remote' ? socket.remotePort : socket.localPort) ?? 0;
  const family = (side === 'remote' ? socket.remoteFamily : socket.localFamily) === 'IPv6' ? 'IPv6' : 'IPv4';
  return { address, port, family };
}
