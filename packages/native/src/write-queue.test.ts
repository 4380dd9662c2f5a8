import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';

/** A kernel that takes at most `room` bytes per call and records what it got. */
function kernel(room: number) {
  const got: Buffer[] = [];
  const calls: number[] = [];
  return {
    got,
    calls,
    send(_id: number, chunks: readonly Uint8Array[]): number {
      calls.push(chunks.length);
      const bytes = Buffer.concat(chunks).subarray(0, room);
      got.push(Buffer.from(bytes));
      return bytes.length;
    },
  };
}

describe('WriteQueue', () => {
  it('sends every chunk in one call when the kernel takes it all', () => {
    const queue = new WriteQueue();
    for (const piece of ['ab', 'cd', 'ef']) queue.push(Buffer.from(piece));
    const k = kernel(1000);
    expect(queue.drainInto(k, 1)).toBe(6);
    expect(k.calls).toEqual([3]);
    expect(queue.empty).toBe(true);
  });

  it('keeps the unsent tail, cut inside a chunk, and sends it in order later', () => {
    for (let room = 1; room <= 6; room++) {
      const queue = new WriteQueue();
      for (const piece of ['abc', 'de', 'f']) queue.push(Buffer.from(piece));
      const k = kernel(room);
      expect(queue.drainInto(k, 1)).toBe(room);
      expect(queue.bytes).toBe(6 - room);
      const rest = kernel(1000);
      if (!queue.empty) queue.drainInto(rest, 1);
      expect(Buffer.concat([...k.got, ...rest.got]).toString()).toBe('abcdef');
    }
  });

  it('offers at most 1024 chunks per call and goes on while the kernel keeps up', () => {
    const queue = new WriteQueue();
    for (let i = 0; i < 2500; i++) queue.push(Buffer.from('x'));
    const k = kernel(1 << 20);
    expect(queue.drainInto(k, 1)).toBe(2500);
    expect(k.calls).toEqual([1024, 1024, 452]);
  });

  it('puts what an earlier send left before what was queued since', () => {
    const queue = new WriteQueue();
    queue.push(Buffer.from('later'));
    queue.prepend([Buffer.from('rest-'), Buffer.from('of-it-')]);
    expect(queue.bytes).toBe('rest-of-it-later'.length);
    const k = kernel(1000);
    queue.drainInto(k, 1);
    expect(Buffer.concat(k.got).toString()).toBe('rest-of-it-later');
  });

  it('joins the last chunks into one, keeping the bytes and their order', () => {
    const queue = new WriteQueue();
    for (const piece of ['a', 'b', 'c', 'd']) queue.push(Buffer.from(piece));
    queue.joinLast(3, (parts) => Buffer.concat(parts));
    const k = kernel(1000);
    queue.drainInto(k, 1);
    expect(k.calls).toEqual([2]);
    expect(Buffer.concat(k.got).toString()).toBe('abcd');
  });

  it('passes a send error on as the negative errno', () => {
    const queue = new WriteQueue();
    queue.push(Buffer.from('x'));
    expect(queue.drainInto({ send: () => -32 }, 1)).toBe(-32);
  });
});
