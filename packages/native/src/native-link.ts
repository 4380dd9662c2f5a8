import type { PeerAddress } from '@switchboard/core';
import { joinShared, type CloseReason, type FanOutSource, type Link, type LinkSink } from '@switchboard/core/transport';
import type { IdleWatched } from './idle-sweep.js';
import type { FanOutMembership, LinkHost } from './link-host.js';
import { FD_MASK } from './native-binding.js';
import { systemError } from './system-error.js';
import { WriteQueue } from './write-queue.js';

/** Bytes queued before `write` answers false, as a socket's highWaterMark (one read's worth). */
export const HIGH_WATER_MARK = 64 * 1024;
const CLOSE_TIMEOUT_MS = 2000;
/** What a closing connection may still send us (read and thrown away) before it is cut off. */
const LINGER_MAX_BYTES = 64 * 1024;

/**
 * A connection of the native loop. Writes go into the turn's write program and leave once per
 * turn, all connections' in one call (`NativeLoop.flush`); what the kernel does not take waits in
 * the link's queue for EPOLLOUT, and so do writes made while it waits or while corked. The
 * interest (EPOLLIN/EPOLLOUT) the turn ended with is applied by `flush`.
 */
export class NativeLink implements Link, IdleWatched {
  readonly kind = 'stream';
  bytesRead = 0;
  waitingForDrain = false;
  idleMs = 0;
  active = false;
  quietSince = 0;
  writtenAtSweep = 0;
  /** In the loop's list of links to flush this turn. */
  dirty = false;
  /** Told once when the socket is gone (the listener's admission slot). */
  onGone?: () => void;
  private sink?: LinkSink;
  private readonly queue = new WriteQueue();
  /** Bytes of this turn's direct writes (in the program, not yet sent). */
  private turnBytes = 0;
  /** The fan-outs this link is a member of; undefined until it joins one. */
  private fanOuts?: FanOutMembership[];
  /** Whether the fan-outs were last told this link is behind. */
  private placedBehind = false;
  /** Fan-out messages counted when the link left a fan-out or fell behind. */
  private fannedOutBefore = 0;
  /** The addon's byte count for this descriptor when the connection began (and its own once gone). */
  private writtenBase: number;
  private finalWritten = 0;
  private corked = false;
  /** Chunks queued while corked (the last ones in the queue), joined into one on uncork. */
  private corkedChunks = 0;
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
  ) {
    this.writtenBase = host.written[id & FD_MASK]!;
  }

  get bufferedBytes(): number {
    return this.queue.bytes + this.turnBytes;
  }

  get bytesWritten(): number {
    return this.gone ? this.finalWritten : this.host.written[this.id & FD_MASK]! - this.writtenBase;
  }

  get fanOut(): FanOutSource {
    return this.host.fanOut;
  }

  get fannedOut(): number {
    let sent = this.fannedOutBefore;
    if (this.fanOuts !== undefined)
      for (const membership of this.fanOuts) sent += membership.group.sentSince(membership);
    return sent;
  }

  attach(sink: LinkSink): void {
    this.sink = sink;
    if (this.idleMs > 0) this.host.idle.watch(this);
  }

  write(data: string | Uint8Array): boolean {
    if (this.gone || this.weEnded || this.endRequested) return false;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length > 0) {
      // Behind its queue (or corked), a write waits its turn there; else it goes into the turn's program.
      if (this.corked || this.awaitingWritable || !this.queue.empty) {
        this.queue.push(chunk);
        if (this.corked) this.corkedChunks++;
      } else {
        this.host.program.direct(this.id, chunk);
        this.turnBytes += chunk.length;
      }
    }
    if (!this.corked) this.host.schedule(this);
    if (this.bufferedBytes < HIGH_WATER_MARK) return true;
    this.waitingForDrain = true;
    return false;
  }

  cork(): void {
    this.corked = true;
    this.placeInFanOuts();
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    // A corked turn's lines (broadcasts to a slow receiver) wait as one buffer, shared by the
    // room's receivers that hold the same lines, instead of one Buffer per line per receiver.
    this.queue.joinLast(this.corkedChunks, joinShared);
    this.corkedChunks = 0;
    this.host.schedule(this);
  }

  end(): void {
    if (this.gone || this.endRequested) return;
    this.endRequested = true;
    this.uncork();
    this.host.schedule(this);
    this.placeInFanOuts();
  }

  /** Called by a NativeFanOut this link joins. */
  joinFanOut(membership: FanOutMembership): void {
    (this.fanOuts ??= []).push(membership);
    this.placedBehind = this.behind();
    this.fannedOutBefore += membership.group.place(membership, this.placedBehind);
  }

  /** Called by a NativeFanOut this link leaves. */
  leaveFanOut(membership: FanOutMembership): void {
    const at = this.fanOuts?.indexOf(membership) ?? -1;
    if (at < 0) return;
    this.fanOuts!.splice(at, 1);
    this.fannedOutBefore += membership.group.place(membership, true);
  }

  /** The kernel did not take `rest` of the turn's program: it goes first in the queue, sent on EPOLLOUT. */
  unsent(rest: Uint8Array[]): void {
    if (this.gone) return;
    this.queue.prepend(rest);
    this.awaitingWritable = true;
    this.placeInFanOuts();
    this.host.schedule(this);
  }

  private behind(): boolean {
    return this.gone || this.closing || this.endRequested || this.corked || this.awaitingWritable || !this.queue.empty;
  }

  /** Tells the fan-outs whether `send` may write to this link: not while bytes wait in its queue. */
  private placeInFanOuts(): void {
    if (this.fanOuts === undefined) return;
    const behind = this.behind();
    if (behind === this.placedBehind) return;
    this.placedBehind = behind;
    for (const membership of this.fanOuts) this.fannedOutBefore += membership.group.place(membership, behind);
  }

  close(reason?: CloseReason): void {
    if (this.gone || this.closing) return;
    this.closing = true;
    this.placeInFanOuts();
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
    this.turnBytes = 0;
    if (this.gone) return;
    if (!this.awaitingWritable && !this.corked && !this.queue.empty) {
      const sent = this.queue.drainInto(this.host.binding, this.id);
      if (sent < 0) return this.failSend(-sent);
      this.awaitingWritable = !this.queue.empty;
    }
    if (this.queue.empty && this.endRequested && !this.weEnded) this.finishSending();
    if (this.gone) return;
    this.applyInterest();
    this.placeInFanOuts();
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

  /** A send failed (the program's or the queue's): the socket goes. */
  failSend(errno: number): void {
    this.host.binding.close(this.id);
    this.onError(errno, 'write');
  }

  private release(): void {
    this.finalWritten = this.bytesWritten;
    this.gone = true;
    this.turnBytes = 0;
    this.corkedChunks = 0;
    this.queue.clear();
    this.placeInFanOuts();
    clearTimeout(this.lingerTimer);
    if (this.idleMs > 0) this.host.idle.unwatch(this);
    this.host.forget(this);
    this.onGone?.();
  }
}
