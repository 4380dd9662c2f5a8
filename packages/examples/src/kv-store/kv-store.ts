import type { InjectionToken } from 'tsyringe';

/** A team's own service, injected into its handler: here, a bounded in-memory key-value map. */
export class KvStore {
  private readonly entries = new Map<string, string>();

  constructor(readonly maxKeys = 10_000) {}

  /** False when the store is full and `key` is new. */
  set(key: string, value: string): boolean {
    if (!this.entries.has(key) && this.entries.size >= this.maxKeys) return false;
    this.entries.set(key, value);
    return true;
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export const KV_STORE: InjectionToken<KvStore> = Symbol('examples.KvStore');
