import type { UpgradeRequest } from '../channel/connection.js';
import type { PeerAddress } from '../channel/peer-address.js';
import type { CloseReason, Link, LinkSink } from '../transport/link.js';
import { turn } from './event-turn.js';

/** What went out on a test link: bytes on a stream link, a text (string) or binary message on a message link. */
export type WrittenChunk = Buffer | string;

/**
 * A Link driven by a test instead of a socket (the transport half of `TestChannel`). Everything
 * happens synchronously: writes are recorded as they come, the test plays the peer. Events the
 * link raises itself (its close after `end`/`close`/`destroy`) wait until the event in progress
 * has returned, as a socket's would, so no handler hears `onClose` from inside its own call.
 */
export class TestLink implements Link {
  bytesRead = 0;
  bytesWritten = 0;
  bufferedBytes = 0;
  waitingForDrain = false;
  /** Every write, in order, including a close notice. */
  readonly chunks: WrittenChunk[] = [];
  /** The idle timeout the channel asked for (0: none); `TestChannel.idle()` plays the timer. */
  idleTimeoutMs = 0;
  isPaused = false;
  /** We half-closed (sent FIN). */
  isEnded = false;
  /** The channel has read the peer's half-close. */
  isPeerEnded = false;
  isClosed = false;
  /** What the channel said when it closed the link: its notice, error, shutdown flag. */
  closeReason?: CloseReason;
  /** The error the channel destroyed the link with (SLOW_CONSUMER), if it did. */
  destroyError?: Error;
  private sink?: LinkSink;
  private writable = true;
  /** The test called `peerEnd`: the peer sends nothing more (read or not yet). */
  private peerSentEnd = false;
  /** Inbound events held while the channel has paused reading. */
  private readonly held: (() => void)[] = [];

  constructor(
    readonly kind: 'stream' | 'message',
    readonly remote: PeerAddress,
    readonly local: PeerAddress,
    /** The WebSocket upgrade request a `ws://` test channel was opened with. */
    readonly request?: UpgradeRequest,
  ) {}

  attach(sink: LinkSink): void {
    this.sink = sink;
  }

  write(data: string | Uint8Array): boolean {
    if (this.isEnded || this.isClosed) return false;
    const chunk = typeof data === 'string' && this.kind === 'message' ? data : Buffer.from(data);
    this.chunks.push(chunk);
    this.bytesWritten += Buffer.byteLength(chunk);
    if (this.writable) return true;
    this.bufferedBytes += Buffer.byteLength(chunk);
    this.waitingForDrain = true;
    return false;
  }

  end(): void {
    if (this.isEnded || this.isClosed) return;
    this.isEnded = true;
    // Both sides have finished sending: the connection is over.
    if (this.isPeerEnded) this.later(() => this.finish());
  }

  close(reason: CloseReason = {}): void {
    if (this.isClosed || this.closeReason) return;
    if (reason.notice !== undefined) this.write(reason.notice);
    this.closeReason = reason;
    this.isEnded = true;
    this.later(() => this.finish());
  }

  destroy(error?: Error): void {
    if (this.isClosed) return;
    this.destroyError = error;
    this.bufferedBytes = 0;
    this.later(() => this.finish());
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.later(() => {
      while (!this.isPaused && this.held.length > 0) this.held.shift()!();
    });
  }

  setIdleTimeout(ms: number): void {
    this.idleTimeoutMs = ms;
  }

  // Driven by the test, playing the peer.

  /** Data from the peer; held while the channel is paused, as an unread socket holds it; lost once the link is closed. */
  receive(event: () => void, bytes: number): void {
    if (this.peerSentEnd) throw new Error('the peer cannot send after peerEnd()');
    if (this.isClosed) return;
    this.bytesRead += bytes;
    this.run(() => (this.isPaused ? this.held.push(event) : event()));
  }

  /** The peer stops or resumes reading: when it resumes, what was queued is taken and onDrain follows. */
  setWritable(writable: boolean): void {
    this.writable = writable;
    if (!writable || this.isClosed) return;
    this.bufferedBytes = 0;
    if (!this.waitingForDrain) return;
    this.waitingForDrain = false;
    this.run(() => this.sink!.onDrain());
  }

  /** The peer half-closes; after anything held has been read, like a FIN after the data before it. */
  peerEnd(): void {
    if (this.isClosed || this.peerSentEnd) return;
    this.peerSentEnd = true;
    this.run(() => {
      const ended = () => {
        this.isPeerEnded = true;
        this.sink!.onEnd();
        if (this.isEnded && !this.closeReason) this.later(() => this.finish());
      };
      if (this.isPaused) this.held.push(ended);
      else ended();
    });
  }

  /** The connection is torn down under the channel: `error`, then close. */
  reset(error: Error): void {
    if (this.isClosed) return;
    this.run(() => {
      this.sink!.onError(error);
      this.finish();
    });
  }

  idle(): void {
    if (!this.isClosed) this.run(() => this.sink!.onIdle());
  }

  /** Runs a test-driven event now, from the test's own call (after the one in progress, if any). */
  run(event: () => void): void {
    turn.run(event);
  }

  /** An event the link raises itself: after the event in progress, or on a microtask when none is. */
  private later(event: () => void): void {
    turn.later(event);
  }

  private finish(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.held.length = 0;
    this.sink?.onClose();
  }
}
