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

/** What one key costs beyond its bytes: its slots in the maps. */
const ENTRY_COST = 64;

/**
 * The key space: binary keys to binary values, both latin1 strings (one char per byte, so every
 * byte survives). A string is one object in the heap where a Buffer is a view on a separate
 * backing store, so a GET follows one pointer to the bytes, and SET copies them out of the
 * socket's read in one step. Expiry times live in a second map, as in Redis, so a store without
 * expiring keys pays nothing for them. A key past its expiry is gone when next touched (lazy) and,
 * if nobody touches it, when a periodic sweep gets to it: each sweep looks at a bounded number of
 * expiring keys, resuming where the last one stopped. The sweep timer runs only while keys have an
 * expiry, is unref'd so it never keeps a process alive, and `dispose()` stops it.
 */
@injectable()
export class RespStore {
  private readonly values = new Map<string, string>();
  /** Epoch ms after which a key is gone, for keys with an expiry; also the sweep's worklist. */
  private readonly expiries = new Map<string, number>();
  private sweepCursor?: Iterator<string>;
  private timer?: NodeJS.Timeout;
  private bytes = 0;
  private readonly options: Required<RespStoreOptions>;

  constructor(@inject(RESP_STORE_OPTIONS) options: RespStoreOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return this.values.size;
  }

  get expiringCount(): number {
    return this.expiries.size;
  }

  /** Bytes held, as counted against `maxMemoryBytes`. */
  get usedBytes(): number {
    return this.bytes;
  }

  /** Whether `bytes` more (keys and values) fit under the memory limit. */
  hasRoomFor(bytes: number): boolean {
    return this.bytes + bytes <= this.options.maxMemoryBytes;
  }

  get(key: string): string | undefined {
    if (this.expiries.size > 0 && this.expired(key)) return undefined;
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Sets `key`; `expiresAt` (epoch ms, 0 for none) replaces its expiry unless `keepTtl`. False,
   * changing nothing, when the store would pass its memory limit.
   */
  set(key: string, value: string, expiresAt = 0, keepTtl = false): boolean {
    const old = this.get(key);
    const growth = value.length - (old === undefined ? -key.length - ENTRY_COST : old.length);
    if (growth > 0 && this.bytes + growth > this.options.maxMemoryBytes) return false;
    this.bytes += growth;
    this.values.set(key, value);
    if (expiresAt !== 0) this.expireLater(key, expiresAt);
    else if (!keepTtl && this.expiries.size > 0) this.expiries.delete(key);
    return true;
  }

  delete(key: string): boolean {
    const value = this.get(key);
    if (value !== undefined) this.remove(key, value);
    return value !== undefined;
  }

  /** Sets the expiry of an existing key (a time already past deletes it); false when there is no key. */
  expireAt(key: string, at: number): boolean {
    const value = this.get(key);
    if (value === undefined) return false;
    if (at <= this.options.now()) this.remove(key, value);
    else this.expireLater(key, at);
    return true;
  }

  /** Ms left before `key` expires; -1 for a key without expiry, -2 for no key. */
  ttlMs(key: string): number {
    if (this.get(key) === undefined) return -2;
    const at = this.expiries.get(key);
    return at === undefined ? -1 : at - this.options.now();
  }

  /** Every live key, in insertion order. */
  *keys(): IterableIterator<string> {
    for (const key of this.values.keys()) {
      if (this.get(key) !== undefined) yield key;
    }
  }

  /** Stops the sweep timer (tsyringe calls this when its container is disposed). */
  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Looks at up to `sweepBatch` expiring keys and drops those past their time. */
  sweep(): void {
    for (let i = 0; i < this.options.sweepBatch && this.expiries.size > 0; i++) {
      let next = (this.sweepCursor ??= this.expiries.keys()).next();
      if (next.done) {
        this.sweepCursor = this.expiries.keys();
        next = this.sweepCursor.next();
      }
      this.expired(next.value as string);
    }
    if (this.expiries.size === 0) this.dispose();
  }

  /** True when `key` has passed its expiry (it is removed then). */
  private expired(key: string): boolean {
    const at = this.expiries.get(key);
    if (at === undefined || at > this.options.now()) return false;
    this.remove(key, this.values.get(key)!);
    return true;
  }

  private remove(key: string, value: string): void {
    this.values.delete(key);
    this.expiries.delete(key);
    this.bytes -= key.length + value.length + ENTRY_COST;
  }

  private expireLater(key: string, at: number): void {
    this.expiries.set(key, at);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), this.options.sweepIntervalMs);
      this.timer.unref();
    }
  }
}
