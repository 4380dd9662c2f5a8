import type { Socket } from 'node:dgram';
import type { PeerAddress } from '../channel/peer-address.js';
import { formatPeer } from '../channel/peer-address.js';
import { fromSystemError, SwitchboardError } from '../errors.js';
import type { CloseReason, Link, LinkSink } from './link.js';

/** Bytes handed to dgram and not yet sent before `write` asks the handler to wait, like a socket's highWaterMark. */
export const UDP_HIGH_WATER_MARK = 64 * 1024;

/** What the links of one UDP socket share: the socket, its limits, and who forgets a closed peer. */
export interface UdpLinkOwner {
  readonly socket: Socket;
  /** True for an outbound (connected) socket: sends need no address. */
  readonly connected: boolean;
  readonly maxDatagramSize: number;
  readonly local: PeerAddress;
  /** A datagram was handed to the socket; `sendDone` follows once it has left. */
  sendStarted(): void;
  sendDone(): void;
  /** A channel set an idle timeout on a link: the owner's sweep must look often enough. */
  useIdleTimeout(ms: number): void;
  /** The link is closed: forget the peer, give back its slot. */
  gone(link: UdpLink): void;
  /** A datagram arrived for a paused link and was dropped. */
  droppedWhilePaused(): void;
}

/**
 * One UDP peer (remote address and port) as a Link: each datagram in is one `onData`, each write
 * one datagram out. No half-close (end = close) and no linger: the peer learns nothing of a close.
 */
export class UdpLink implements Link {
  bytesRead = 0;
  bytesWritten = 0;
  bufferedBytes = 0;
  waitingForDrain = false;
  /** When a datagram last came or went (ms); the owner's idle sweep reads it. */
  lastActive = Date.now();
  /** The channel's idle timeout; 0 leaves expiry to the owner's default. */
  idleMs = 0;
  private idleReportedAt = 0;
  private paused = false;
  private closed = false;
  private sink?: LinkSink;

  constructor(
    private readonly owner: UdpLinkOwner,
    readonly remote: PeerAddress,
  ) {}

  get kind(): 'stream' {
    return 'stream';
  }

  get local(): PeerAddress {
    return this.owner.local;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  attach(sink: LinkSink): void {
    this.sink = sink;
  }

  /** One datagram from the peer. Dropped while paused: UDP has no window to push back with. */
  receive(datagram: Buffer): void {
    if (this.closed) return;
    this.bytesRead += datagram.length;
    this.lastActive = Date.now();
    if (this.paused) return this.owner.droppedWhilePaused();
    this.sink?.onData(datagram);
  }

  write(data: string | Uint8Array): boolean {
    if (this.closed) return false;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (size > this.owner.maxDatagramSize) return this.refuseOversize(size);
    this.bufferedBytes += size;
    this.bytesWritten += size;
    this.lastActive = Date.now();
    this.owner.sendStarted();
    const sent = (err: Error | null) => this.sent(size, err);
    if (this.owner.connected) this.owner.socket.send(data, sent);
    else this.owner.socket.send(data, this.remote.port, this.remote.address, sent);
    if (this.bufferedBytes < UDP_HIGH_WATER_MARK) return true;
    this.waitingForDrain = true;
    return false;
  }

  end(): void {
    this.close();
  }

  /** A notice goes out as a last datagram to a peer we served; a refused peer gets nothing (no reflection). */
  close(reason?: CloseReason): void {
    if (this.closed) return;
    if (reason?.notice !== undefined && this.sink !== undefined) this.write(reason.notice);
    this.finish();
  }

  destroy(): void {
    if (!this.closed) this.finish();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  setIdleTimeout(ms: number): void {
    this.idleMs = ms;
    this.owner.useIdleTimeout(ms);
  }

  /** An error of the socket that belongs to this peer (an outbound socket's ICMP unreachable). */
  reportError(err: Error): void {
    if (!this.closed) this.sink?.onError(err);
  }

  /**
   * Called by the owner's sweep. With a channel idle timeout, reports onIdle once per quiet spell
   * (as a socket timer does); without one, true once the peer has been quiet for `expiryMs`.
   */
  checkIdle(now: number, expiryMs: number): boolean {
    if (this.idleMs > 0) {
      if (now - Math.max(this.lastActive, this.idleReportedAt) < this.idleMs) return false;
      this.idleReportedAt = now;
      this.sink?.onIdle();
      return false;
    }
    return expiryMs > 0 && now - this.lastActive >= expiryMs;
  }

  private sent(size: number, err: Error | null): void {
    this.bufferedBytes -= size;
    this.owner.sendDone();
    if (err) this.sink?.onError(fromSystemError(err, 'send to', formatPeer(this.remote)));
    if (this.waitingForDrain && this.bufferedBytes === 0) this.drained();
  }

  /** Fails this write only; the channel goes on. A handler that waits for onWritable gets it. */
  private refuseOversize(size: number): false {
    const limit = this.owner.maxDatagramSize;
    const error = new SwitchboardError(
      'DATAGRAM_TOO_LARGE',
      `Datagram of ${size} bytes to ${formatPeer(this.remote)} exceeds maxDatagramSize ${limit}; not sent`,
    );
    this.sink?.onError(error);
    if (!this.waitingForDrain) {
      this.waitingForDrain = true;
      if (this.bufferedBytes === 0) process.nextTick(() => this.drained());
    }
    return false;
  }

  private drained(): void {
    if (!this.waitingForDrain || this.closed) return;
    this.waitingForDrain = false;
    this.sink?.onDrain();
  }

  /** Closed at once, like a socket's close: the sink hears of it on a later tick, never inside a handler's call. */
  private finish(): void {
    this.closed = true;
    this.owner.gone(this);
    const sink = this.sink;
    if (sink !== undefined) process.nextTick(() => sink.onClose());
  }
}
