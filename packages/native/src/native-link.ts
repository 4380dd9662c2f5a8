import type { PeerAddress } from '@switchboard/core';
import type { CloseReason, Link, LinkSink } from '@switchboard/core/transport';
import type { IdleWatched } from './idle-sweep.js';
import type { LinkHost } from './link-host.js';
import { systemError } from './system-error.js';
import { WriteQueue } from './write-queue.js';

/** Bytes queued before `write` answers false, as a socket's highWaterMark (one read's worth). */
export const HIGH_WATER_MARK = 64 * 1024;
const CLOSE_TIMEOUT_MS = 2000;
/** What a closing connection may still send us (read and thrown away) before it is cut off. */
const LINGER_MAX_BYTES = 64 * 1024;

/**
 * A connection of the native loop. Writes are queued and leave once per turn (`flush`), together
 * with the interest (EPOLLIN/EPOLLOUT) the turn ended with; the addon never calls it directly.
 */
export class NativeLink implements Link, IdleWatched {
  readonly kind = 'stream';
  bytesRead = 0;
  bytesWritten = 0;
  waitingForDrain = false;
  idleMs = 0;
  active = false;
  quietSince = 0;
  /** In the loop's list of links to flush this turn. */
  dirty = false;
  /** Told once when the socket is gone (the listener's admission slot). */
  onGone?: () => void;
  private sink?: LinkSink;
  private readonly queue = new WriteQueue();
  private corked = false;
  private paused = false;
  /** Reads that arrived while paused, delivered on resume. */
  private held?: Buffer[];
  private awaitingWritable = false;
  private appliedRead = true;
  private appliedWrite = false;
  private endRequested = false;
  private weEnded = false;
  private peerEnded = false;
  private closing = false;
  private lingerLimit = 0;
  private lingerTimer?: NodeJS.Timeout;
  private gone = false;

  constructor(
    private readonly host: LinkHost,
    readonly id: number,
    readonly remote: PeerAddress,
    readonly local: PeerAddress,
  ) {}

  get bufferedBytes(): number {
    return this.queue.bytes;
  }

  attach(sink: LinkSink): void {
    this.sink = sink;
    if (this.idleMs > 0) this.host.idle.watch(this);
  }

  write(data: string | Uint8Array): boolean {
    if (this.gone || this.weEnded || this.endRequested) return false;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length > 0) this.queue.push(chunk);
    if (!this.corked) this.host.schedule(this);
    if (this.queue.bytes < HIGH_WATER_MARK) return true;
    this.waitingForDrain = true;
    return false;
  }

  cork(): void {
    this.corked = true;
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.host.schedule(this);
  }

  end(): void {
    if (this.gone || this.endRequested) return;
    this.endRequested = true;
    this.corked = false;
    this.host.schedule(this);
  }

  close(reason?: CloseReason): void {
    if (this.gone || this.closing) return;
    this.closing = true;
    // Read and discard what still comes, so the peer's FIN is seen; a flood is cut off.
    this.lingerLimit = this.bytesRead + LINGER_MAX_BYTES;
    this.paused = false;
    this.held = undefined;
    if (reason?.notice !== undefined) this.write(reason.notice);
    this.end();
    const lingerMs = reason?.lingerMs ?? CLOSE_TIMEOUT_MS;
    if (lingerMs > 0) this.lingerTimer = setTimeout(() => this.destroy(), lingerMs).unref();
  }

  destroy(): void {
    if (this.gone) return;
    this.host.binding.close(this.id);
    this.release();
    // As a socket does: 'close' comes on a later tick, never inside the caller's own call.
    process.nextTick(() => this.sink?.onClose());
  }

  pause(): void {
    if (!this.closing) this.paused = true;
    this.host.schedule(this);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.host.schedule(this);
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    queueMicrotask(() => {
      for (const chunk of held) this.onData(chunk);
    });
  }

  setIdleTimeout(ms: number): void {
    this.idleMs = ms;
    if (this.sink === undefined) return;
    if (ms > 0) this.host.idle.watch(this);
    else this.host.idle.unwatch(this);
  }

  fireIdle(): void {
    this.sink?.onIdle();
  }

  // Called by the loop while it dispatches a batch.

  onData(chunk: Buffer): void {
    if (this.gone) return;
    this.bytesRead += chunk.length;
    this.active = true;
    if (this.closing) {
      if (this.bytesRead > this.lingerLimit) this.destroy();
      return;
    }
    if (this.paused) (this.held ??= []).push(chunk);
    else this.sink?.onData(chunk);
  }

  onEnd(): void {
    this.peerEnded = true;
    this.appliedRead = false;
    if (this.closing) {
      if (this.weEnded) this.destroy();
      return;
    }
    this.sink?.onEnd();
    if (this.weEnded && !this.gone) this.destroy();
  }

  /** The addon closed the socket after `errno`. */
  onError(errno: number, syscall: string): void {
    if (this.gone) return;
    this.release();
    this.sink?.onError(systemError(errno, syscall));
    this.sink?.onClose();
  }

  onWritable(): void {
    this.awaitingWritable = false;
    this.appliedWrite = false;
    this.flush();
  }

  /** Sends what the turn queued, then brings EPOLLIN/EPOLLOUT in line with what the link wants. */
  flush(): void {
    this.dirty = false;
    if (this.gone) return;
    if (!this.awaitingWritable && !this.corked && !this.queue.empty) {
      const sent = this.queue.drainInto(this.host.binding, this.id);
      if (sent < 0) return this.failSend(-sent);
      this.bytesWritten += sent;
      this.active = true;
      this.awaitingWritable = !this.queue.empty;
    }
    if (this.queue.empty && this.endRequested && !this.weEnded) this.finishSending();
    if (this.gone) return;
    this.applyInterest();
    if (this.waitingForDrain && this.queue.bytes < HIGH_WATER_MARK) {
      this.waitingForDrain = false;
      this.sink?.onDrain();
    }
  }

  private finishSending(): void {
    this.weEnded = true;
    this.host.binding.shutdown(this.id);
    if (this.peerEnded) this.destroy();
  }

  private applyInterest(): void {
    const read = !this.paused && !this.peerEnded;
    const write = this.awaitingWritable;
    if (read === this.appliedRead && write === this.appliedWrite) return;
    this.appliedRead = read;
    this.appliedWrite = write;
    this.host.binding.setInterest(this.id, read, write);
  }

  private failSend(errno: number): void {
    this.host.binding.close(this.id);
    this.onError(errno, 'write');
  }

  private release(): void {
    this.gone = true;
    this.queue.clear();
    clearTimeout(this.lingerTimer);
    if (this.idleMs > 0) this.host.idle.unwatch(this);
    this.host.forget(this);
    this.onGone?.();
  }
}
