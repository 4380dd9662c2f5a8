import { describe, expect, it } from 'vitest';
import { ByteTable } from './byte-table.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

function valueOf(table: ByteTable, key: string): string | undefined {
  const entry = table.find(bytes(key));
  return entry < 0 ? undefined : table.arena.latin1Slice(table.valueStart(entry), table.valueEnd(entry));
}

describe('ByteTable', () => {
  it('finds keys by their bytes anywhere in a buffer, binary ones included', () => {
    const table = new ByteTable();
    const key = Buffer.from([0, 255, 13, 10]);
    table.set(key, Buffer.from([1, 2, 3]));
    const request = Buffer.concat([bytes('*2\r\n$3\r\nGET\r\n$4\r\n'), key, bytes('\r\n')]);
    const entry = table.find(request, 17, 21);
    expect([...table.arena.subarray(table.valueStart(entry), table.valueEnd(entry))]).toEqual([1, 2, 3]);
    expect(table.find(Buffer.from([0, 255, 13]))).toBe(-1);
  });

  it('overwrites values in place while they fit, moves them to the end when they grow', () => {
    const table = new ByteTable();
    table.set(bytes('a'), bytes('1'));
    table.set(bytes('b'), bytes('2'));
    const first = table.find(bytes('a'));
    expect(table.set(bytes('a'), bytes('12345678'))).toBe(first);
    expect(table.set(bytes('a'), bytes('x'.repeat(100)))).not.toBe(first);
    expect(valueOf(table, 'a')).toBe('x'.repeat(100));
    expect([...table.keys()]).toEqual(['b', 'a']);
    expect(table.size).toBe(2);
  });

  it('keeps 50,000 keys through index growth, deletes, tombstones and arena compaction', () => {
    const table = new ByteTable();
    const count = 50_000;
    for (let i = 0; i < count; i++) table.set(bytes(`key:${i}`), bytes(`value:${i}`));
    for (let i = 0; i < count; i += 2) expect(table.delete(bytes(`key:${i}`))).toBe(true);
    expect(table.delete(bytes('key:0'))).toBe(false);
    // Growing every other value moves it: the arena fills with garbage and is compacted.
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < count; i += 2) table.set(bytes(`key:${i}`), bytes(`value:${i}:${'y'.repeat(20 * round)}`));
    }
    expect(table.size).toBe(count / 2);
    for (let i = 0; i < count; i += 1000) {
      expect(valueOf(table, `key:${i}`)).toBeUndefined();
      expect(valueOf(table, `key:${i + 1}`)).toBe(`value:${i + 1}:${'y'.repeat(40)}`);
    }
    expect([...table.keys()].length).toBe(count / 2);
  });
});
