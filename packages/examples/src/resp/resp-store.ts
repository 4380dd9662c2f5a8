import { inject, injectable } from 'tsyringe';
import { RESP_STORE_OPTIONS } from './tokens.js';

/** Limits and expiry sweep of the store; every one has a default. */
export interface RespStoreOptions {
  /** Bytes of keys and values (plus a fixed cost per key) the store may hold (default 256 MiB). */
  maxMemoryBytes?: number;
  /** How often expired keys nobody reads are swept, in ms (default 100). */
  sweepIntervalMs?: number;
  /** Most keys one sweep looks at, so a sweep is short however many keys expire (default 200). */
  sweepBatch?: number;
  /** The clock, in ms (tests may pass their own). */
  now?: () => number;
}

const DEFAULTS: Required<RespStoreOptions> = {
  maxMemoryBytes: 256 * 1024 * 1024,
  sweepIntervalMs: 100,
  sweepBatch: 200,
  now: Date.now,
};

/** What one key costs beyond its bytes: the entry object and the map slots. */
const ENTRY_COST = 64;

interface Entry {
  value: Buffer;
  /** Epoch ms after which the key is gone; 0 for never. */
  expiresAt: number;
}

/**
 * The key space: binary-safe keys (latin1 strings, one char per byte) to immutable values. A key
 * past its expiry is gone when next touched (lazy) and, if nobody touches it, when a periodic
 * sweep gets to it: each sweep looks at a bounded number of expiring keys, resuming where the last
 * one stopped. The sweep timer runs only while keys have an expiry, is unref'd so it never keeps
 * a process alive, and `dispose()` stops it.
 */
@injectable()
export class RespStore {
  private readonly entries = new Map<string, Entry>();
  /** Keys with an expiry, the sweep's worklist. */
  private readonly expiring = new Set<string>();
  private sweepCursor?: Iterator<string>;
  private timer?: NodeJS.Timeout;
  private bytes = 0;
  private readonly options: Required<RespStoreOptions>;

  constructor(@inject(RESP_STORE_OPTIONS) options: RespStoreOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return this.entries.size;
  }

  get expiringCount(): number {
    return this.expiring.size;
  }

  /** Bytes held, as counted against `maxMemoryBytes`. */
  get usedBytes(): number {
    return this.bytes;
  }

  /** Whether `bytes` more (keys and values) fit under the memory limit. */
  hasRoomFor(bytes: number): boolean {
    return this.bytes + bytes <= this.options.maxMemoryBytes;
  }

  get(key: string): Buffer | undefined {
    return this.live(key)?.value;
  }

  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /**
   * Sets `key`; `expiresAt` (epoch ms, 0 for none) replaces its expiry unless `keepTtl`. False,
   * changing nothing, when the store would pass its memory limit.
   */
  set(key: string, value: Buffer, expiresAt = 0, keepTtl = false): boolean {
    const old = this.live(key);
    const growth = value.length - (old ? old.value.length : -key.length - ENTRY_COST);
    if (growth > 0 && this.bytes + growth > this.options.maxMemoryBytes) return false;
    this.bytes += growth;
    const expiry = keepTtl && old ? old.expiresAt : expiresAt;
    if (old) {
      old.value = value;
      old.expiresAt = expiry;
    } else {
      this.entries.set(key, { value, expiresAt: expiry });
    }
    this.track(key, expiry);
    return true;
  }

  delete(key: string): boolean {
    const entry = this.live(key);
    if (entry) this.remove(key, entry);
    return entry !== undefined;
  }

  /** Sets the expiry of an existing key (a time already past deletes it); false when there is no key. */
  expireAt(key: string, at: number): boolean {
    const entry = this.live(key);
    if (!entry) return false;
    if (at <= this.options.now()) {
      this.remove(key, entry);
      return true;
    }
    entry.expiresAt = at;
    this.track(key, at);
    return true;
  }

  /** Ms left before `key` expires; -1 for a key without expiry, -2 for no key. */
  ttlMs(key: string): number {
    const entry = this.live(key);
    if (!entry) return -2;
    return entry.expiresAt === 0 ? -1 : entry.expiresAt - this.options.now();
  }

  /** Every live key, in insertion order. */
  *keys(): IterableIterator<string> {
    for (const key of this.entries.keys()) {
      if (this.live(key)) yield key;
    }
  }

  /** Stops the sweep timer (tsyringe calls this when its container is disposed). */
  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks at up to `sweepBatch` expiring keys and drops those past their time. */
  sweep(): void {
    const now = this.options.now();
    for (let i = 0; i < this.options.sweepBatch && this.expiring.size > 0; i++) {
      let next = (this.sweepCursor ??= this.expiring.values()).next();
      if (next.done) {
        this.sweepCursor = this.expiring.values();
        next = this.sweepCursor.next();
      }
      const entry = this.entries.get(next.value as string);
      if (entry && entry.expiresAt !== 0 && entry.expiresAt <= now) this.remove(next.value as string, entry);
    }
    if (this.expiring.size === 0) this.dispose();
  }

  /** The entry of `key` unless it has expired (then it is removed). */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt === 0 || entry.expiresAt > this.options.now()) return entry;
    this.remove(key, entry);
    return undefined;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.expiring.delete(key);
    this.bytes -= key.length + entry.value.length + ENTRY_COST;
  }

  private track(key: string, expiresAt: number): void {
    if (expiresAt === 0) {
      this.expiring.delete(key);
      return;
    }
    this.expiring.add(key);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), this.options.sweepIntervalMs);
      this.timer.unref();
    }
  }
}
