import { afterEach, describe, expect, it } from 'vitest';
import { RespStore, type RespStoreOptions } from './resp-store.js';

let now = 1_000;
const stores: RespStore[] = [];
function store(options: RespStoreOptions = {}): RespStore {
  const created = new RespStore({ now: () => now, ...options });
  stores.push(created);
  return created;
}
afterEach(() => {
  for (const created of stores.splice(0)) created.dispose();
});

/** Binary strings as the commands make them: one char per byte. */
const binary = (...bytes: number[]) => Buffer.from(bytes).toString('latin1');

describe('RespStore', () => {
  it('keeps every byte of binary keys and values', () => {
    const keys = store();
    const key = binary(0, 255, 13, 10);
    const value = binary(...Array.from({ length: 256 }, (_, i) => i));
    keys.set(key, value);
    expect(Buffer.from(keys.get(key)!, 'latin1')).toEqual(Buffer.from(value, 'latin1'));
    expect(keys.get(binary(0, 255, 13))).toBeUndefined();
  });

  it('refuses writes past maxMemoryBytes, counting keys, values and a cost per key, and frees on delete', () => {
    const keys = store({ maxMemoryBytes: 200 });
    expect(keys.set('a', 'x'.repeat(100))).toBe(true);
    expect(keys.usedBytes).toBe(1 + 100 + 64);
    expect(keys.set('b', 'x')).toBe(false);
    expect(keys.get('b')).toBeUndefined();
    // Shrinking a value always fits; growing it is judged by the growth.
    expect(keys.set('a', 'y')).toBe(true);
    expect(keys.set('b', 'x'.repeat(60))).toBe(true);
    expect(keys.set('a', 'y'.repeat(11))).toBe(false);
    expect(keys.delete('b')).toBe(true);
    expect(keys.usedBytes).toBe(1 + 1 + 64);
  });

  it('expires keys lazily and in bounded sweeps, and a plain SET clears an expiry unless KEEPTTL', () => {
    const keys = store({ sweepBatch: 2 });
    keys.set('gone', 'v', now + 10);
    keys.set('kept', 'v', now + 10);
    keys.set('kept', 'w');
    keys.set('ttl', 'v', now + 1_000);
    keys.set('ttl', 'w', 0, true);
    expect(keys.expiringCount).toBe(2);
    expect(keys.ttlMs('ttl')).toBe(1_000);
    expect(keys.ttlMs('kept')).toBe(-1);
    now += 10;
    expect(keys.get('gone')).toBeUndefined();
    expect(keys.ttlMs('gone')).toBe(-2);
    for (let i = 0; i < 5; i++) keys.set(`k${i}`, 'v', now + 5);
    now += 5;
    // A sweep looks at no more than sweepBatch expiring keys: 'ttl' (not yet) and 'k0'.
    keys.sweep();
    expect(keys.size).toBe(2 + 4);
    keys.sweep();
    keys.sweep();
    expect([...keys.keys()]).toEqual(['kept', 'ttl']);
    expect(keys.usedBytes).toBe(4 + 1 + 64 + (3 + 1 + 64));
  });
});
