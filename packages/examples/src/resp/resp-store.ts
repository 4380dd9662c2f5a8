import { inject, injectable } from 'tsyringe';
import { ByteTable } from './byte-table.js';
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

/** What one key costs beyond its bytes: its header, room and index slot in the table. */
const ENTRY_COST = 64;

/**
 * The key space: binary keys to binary values in a ByteTable (one arena and an index, so that a
 * lookup is two cache misses and nothing per key lives on the JavaScript heap). GET and SET use the
 * byte methods (`find`, `setBytes`) on the request's own bytes; the other commands use latin1
 * strings (one char per byte, so every byte survives). Expiry times live in a second map, as in
 * Redis, so a store without expiring keys pays nothing for them. A key past its expiry is gone when
 * next touched (lazy) and, if nobody touches it, when a periodic sweep gets to it: each sweep looks
 * at a bounded number of expiring keys, resuming where the last one stopped. The sweep timer runs
 * only while keys have an expiry, is unref'd so it never keeps a process alive, and `dispose()`
 * stops it.
 */
@injectable()
export class RespStore {
  private readonly table = new ByteTable();
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
    return this.table.size;
  }

  get expiringCount(): number {
    return this.expiries.size;
  }

  /** Where `find`'s entries keep their values: `valueSource.subarray(valueStart(e), valueEnd(e))`. */
  get valueSource(): Buffer {
    return this.table.arena;
  }

  valueStart(entry: number): number {
    return this.table.valueStart(entry);
  }

  valueEnd(entry: number): number {
    return this.table.valueEnd(entry);
  }

  /** The live entry of `key` (its bytes as the client sent them), or -1. */
  find(key: Buffer): number {
    if (this.expiries.size > 0 && this.expired(key.latin1Slice(0, key.length))) return -1;
    return this.table.find(key);
  }

  /**
   * Sets `key` to `value` (both as the client sent them), with no expiry: SET without options and
   * MSET. False, changing nothing, when the store would pass its memory limit.
   */
  setBytes(key: Buffer, value: Buffer): boolean {
    if (this.expiries.size > 0) return this.set(key.latin1Slice(0, key.length), value.latin1Slice(0, value.length));
    const old = this.table.find(key);
    const growth = value.length - (old < 0 ? -key.length - ENTRY_COST : this.table.valueLength(old));
    if (growth > 0 && this.bytes + growth > this.options.maxMemoryBytes) return false;
    this.bytes += growth;
    this.table.set(key, value);
    return true;
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
    return this.valueOf(key);
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
    this.table.set(latin1(key), latin1(value));
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
    for (const key of this.table.keys()) {
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
    this.remove(key, this.valueOf(key)!);
    return true;
  }

  /** The value of `key`, expired or not. */
  private valueOf(key: string): string | undefined {
    const entry = this.table.find(latin1(key));
    return entry < 0
      ? undefined
      : this.table.arena.latin1Slice(this.table.valueStart(entry), this.table.valueEnd(entry));
  }

  private remove(key: string, value: string): void {
    this.table.delete(latin1(key));
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

function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
