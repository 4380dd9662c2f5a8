import type { FanOutSource } from '@switchboard/core/transport';
import { ACCEPT, DATA, END, ERROR, FD_MASK, LISTENER_PAUSED, WRITABLE, type NativeBinding } from './native-binding.js';
import { IdleSweep } from './idle-sweep.js';
import type { LinkHost } from './link-host.js';
import { NativeFanOut } from './native-fan-out.js';
import type { NativeLink } from './native-link.js';
import { WriteProgram } from './write-program.js';

/** What the loop hands a listener: each accepted socket, and a pause when the process is out of descriptors. */
export interface NativeListenerSink {
  accepted(id: number, remote: string, remotePort: number, local: string, localPort: number): void;
  paused(errno: number): void;
}

/**
 * The JavaScript half of the readiness loop: one `onBatch` per turn dispatches every accept, read,
 * FIN, error and EPOLLOUT of the turn; writes made while handling it (direct writes and fan-outs)
 * leave together in one microtask after it: one `sendAll` call for every connection, one sendmsg
 * per connection, however many handlers wrote.
 */
export class NativeLoop implements LinkHost {
  readonly idle = new IdleSweep();
  readonly program = new WriteProgram();
  /** Bytes sent per descriptor, counted by the addon (8 MiB of address space, touched as used). */
  readonly written = new Float64Array(FD_MASK + 1);
  readonly fanOut: FanOutSource = { create: <T>() => new NativeFanOut<T>(this) };
  private readonly links = new Map<number, NativeLink>();
  private readonly listeners = new Map<number, NativeListenerSink>();
  private dirty: NativeLink[] = [];
  private flushScheduled = false;
  private readonly flushAll = () => this.flush();
  private readonly unsent = (id: number, errno: number, rest: Uint8Array[]) => {
    const link = this.links.get(id);
    if (errno === 0) link?.unsent(rest);
    else link?.failSend(errno);
  };

  /** A record whose handling threw (a bug: channels catch their handlers' failures). */
  onError: (err: Error) => void = (err) => process.emitWarning(err);

  constructor(readonly binding: NativeBinding) {
    binding.start((records, values, bytes) => this.onBatch(records, values, bytes));
    binding.countWrites(this.written);
  }

  addListener(id: number, sink: NativeListenerSink): void {
    this.listeners.set(id, sink);
  }

  removeListener(id: number): void {
    if (this.listeners.delete(id)) this.binding.close(id);
  }

  addLink(link: NativeLink): void {
    this.links.set(link.id, link);
  }

  forget(link: NativeLink): void {
    this.links.delete(link.id);
  }

  /** Connections open (for leak checks and stats). */
  get connections(): number {
    return this.links.size;
  }

  schedule(link: NativeLink): void {
    if (link.dirty) return;
    link.dirty = true;
    this.dirty.push(link);
    this.scheduleFlush();
  }

  fanOutWrite(data: Uint8Array, members: Uint32Array, count: number, except: number): void {
    this.program.fanOut(data, members, count, except);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(this.flushAll);
  }

  /** The turn's program first (one call), then each marked link: its queue, end, interest, drain. */
  private flush(): void {
    this.flushScheduled = false;
    if (!this.program.empty) this.program.run(this.binding, this.unsent);
    // A link's onDrain may write again and schedule itself: that lands in the next list.
    const dirty = this.dirty;
    this.dirty = [];
    for (const link of dirty) link.flush();
  }

  /**
   * Accepts last. A connection its peer ended this turn frees its slot when its own end is flushed
   * (shutdown, then close) and leaves the listener's channels on the tick after; when the turn also
   * accepts, that flush comes first and the accepts a tick later, so a client that left and one
   * that arrived in the same turn never count twice.
   */
  private onBatch(records: Uint32Array, values: unknown[], bytes: ArrayBuffer): void {
    let firstAccept = -1;
    let ended = false;
    for (let i = 0; i < records.length; i += 4) {
      const kind = records[i]!;
      if (kind === ACCEPT) {
        if (firstAccept < 0) firstAccept = i;
        continue;
      }
      if (kind === END) ended = true;
      this.guarded(records, i, values, 0, bytes);
    }
    if (firstAccept < 0) return;
    if (!ended) return this.acceptAll(records, firstAccept, values, bytes);
    if (this.flushScheduled) this.flush();
    process.nextTick(() => this.acceptAll(records, firstAccept, values, bytes));
  }

  /** The turn's accepts, from `from` on; an accept's two addresses are the next two values (only accepts have values). */
  private acceptAll(records: Uint32Array, from: number, values: unknown[], bytes: ArrayBuffer): void {
    let next = 0;
    for (let i = from; i < records.length; i += 4) {
      if (records[i] !== ACCEPT) continue;
      this.guarded(records, i, values, next, bytes);
      next += 2;
    }
  }

  private guarded(records: Uint32Array, i: number, values: unknown[], next: number, bytes: ArrayBuffer): void {
    try {
      this.dispatch(records, i, values, next, bytes);
    } catch (err) {
      // Channels catch their handlers' failures; anything else must not cost the rest of the turn.
      this.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Handles the record at `i`; an accept's two addresses are at `values[next]`, reads in `bytes`. */
  private dispatch(records: Uint32Array, i: number, values: unknown[], next: number, bytes: ArrayBuffer): void {
    const kind = records[i]!;
    const id = records[i + 1]!;
    if (kind === DATA) {
      // A view of this turn's own ArrayBuffer: valid for as long as anyone keeps it.
      this.links.get(id)?.onData(Buffer.from(bytes, records[i + 2]!, records[i + 3]!));
      return;
    }
    if (kind === ACCEPT) {
      const ports = records[i + 3]!;
      const listener = this.listeners.get(records[i + 2]!);
      if (listener === undefined) this.binding.close(id);
      else listener.accepted(id, values[next] as string, ports & 0xffff, values[next + 1] as string, ports >>> 16);
      return;
    }
    if (kind === END) this.links.get(id)?.onEnd();
    else if (kind === WRITABLE) this.links.get(id)?.onWritable();
    else if (kind === ERROR) this.links.get(id)?.onError(records[i + 2]!, 'read');
    else if (kind === LISTENER_PAUSED) this.listeners.get(id)?.paused(records[i + 2]!);
  }
}
