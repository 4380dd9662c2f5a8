import type { PeerAddress } from '../channel/peer-address.js';
import type { CloseReason, Link, LinkSink } from './link.js';

/** Bytes queued towards a peer before `write` reports backpressure, like a socket's highWaterMark. */
const HIGH_WATER_MARK = 16 * 1024;

let pairs = 0;

/**
 * One end of an in-memory stream, the `socket_create_pair` of Switchboard: what one end writes,
 * the other reads on a later turn of the event loop, with backpressure, half-close and close
 * behaving as they do on a socket. For tests of handlers and codecs without a network.
 */
export class MemoryLink implements Link {
  readonly kind = 'stream';
  bytesRead = 0;
  bytesWritten = 0;
  private peer!: MemoryLink;
  private sink?: LinkSink;
  /** Data written by this end and not yet read by the peer. */
  private outbox: Buffer[] = [];
  private queued = 0;
  private drainPending = false;
  private paused = false;
  private flushing = false;
  private ended = false;
  private peerEndSeen = false;
  private closed = false;
  private closeWhenFlushed = false;
  private idleTimer?: NodeJS.Timeout;

  private constructor(
    readonly local: PeerAddress,
    readonly remote: PeerAddress,
  ) {}

  /** Two connected ends; each one's `remote` is the other's `local`. */
  static pair(): [MemoryLink, MemoryLink] {
    const id = ++pairs;
    const a: PeerAddress = { address: `memory#${id}a`, port: 0, family: 'unix' };
    const b: PeerAddress = { address: `memory#${id}b`, port: 0, family: 'unix' };
    const left = new MemoryLink(a, b);
    const right = new MemoryLink(b, a);
    left.peer = right;
    right.peer = left;
    return [left, right];
  }

  get waitingForDrain(): boolean {
    return this.drainPending;
  }

  get bufferedBytes(): number {
    return this.queued;
  }

  attach(sink: LinkSink): void {
    this.sink = sink;
    this.peer.schedule();
  }

  write(data: string | Uint8Array): boolean {
    if (this.ended || this.closed) return false;
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    this.outbox.push(bytes);
    this.queued += bytes.length;
    this.bytesWritten += bytes.length;
    this.touch();
    this.schedule();
    if (this.queued < HIGH_WATER_MARK) return true;
    this.drainPending = true;
    return false;
  }

  end(): void {
    if (this.ended || this.closed) return;
    this.ended = true;
    this.schedule();
  }

  close(reason?: CloseReason): void {
    if (this.closed) return;
    if (reason?.notice !== undefined) this.write(reason.notice);
    this.end();
    this.closeWhenFlushed = true;
    this.schedule();
  }

  destroy(): void {
    if (this.closed) return;
    this.outbox = [];
    this.queued = 0;
    this.finish();
    this.peer.finish();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.peer.schedule();
  }

  setIdleTimeout(ms: number): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = ms > 0 ? setTimeout(() => this.fireIdle(), ms) : undefined;
  }

  /** Delivers this end's outbox to the peer on a later turn, as a socket would. */
  private schedule(): void {
    if (this.flushing || this.closed) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      this.flush();
    });
  }

  private flush(): void {
    const reader = this.peer;
    if (this.closed || !reader.sink || reader.paused) return;
    // Deliver chunk by chunk, stopping where the reader pauses (as a socket stops reading).
    while (this.outbox.length > 0) {
      if (this.closed || reader.paused) return;
      const chunk = this.outbox.shift()!;
      this.queued -= chunk.length;
      reader.bytesRead += chunk.length;
      reader.touch();
      reader.sink.onData(chunk);
    }
    if (this.drainPending) {
      this.drainPending = false;
      this.sink?.onDrain();
    }
    if (this.ended && !reader.peerEndSeen) {
      reader.peerEndSeen = true;
      reader.sink.onEnd();
    }
    // Both directions finished, or this end asked to close once flushed: the connection is gone.
    if ((this.ended && reader.ended && this.peerEndSeen) || this.closeWhenFlushed) this.destroy();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.sink?.onClose();
  }

  private touch(): void {
    this.idleTimer?.refresh();
  }

  private fireIdle(): void {
    if (this.closed) return;
    this.sink?.onIdle();
    this.idleTimer?.refresh();
  }
}
