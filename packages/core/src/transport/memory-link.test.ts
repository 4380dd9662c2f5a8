import { describe, expect, it } from 'vitest';
import type { LinkSink } from './link.js';
import { MemoryLink } from './memory-link.js';

/** Records what one end of the pair hears. */
function recorder(): LinkSink & { events: string[]; data: Buffer[] } {
  const events: string[] = [];
  const data: Buffer[] = [];
  return {
    events,
    data,
    onData: (chunk) => void data.push(Buffer.from(chunk as Buffer)),
    onDrain: () => void events.push('drain'),
    onEnd: () => void events.push('end'),
    onIdle: () => void events.push('idle'),
    onError: () => void events.push('error'),
    onClose: () => void events.push('close'),
  };
}

/** Both ends of a fresh pair, each attached to its own recorder. */
function attachedPair() {
  const [a, b] = MemoryLink.pair();
  const ra = recorder();
  const rb = recorder();
  a.attach(ra);
  b.attach(rb);
  return { a, b, ra, rb };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('MemoryLink', () => {
  it('carries bytes both ways on a later tick and counts them', async () => {
    const { a, b, ra, rb } = attachedPair();
    expect(a.write('hi')).toBe(true);
    expect(rb.data).toEqual([]);
    await tick();
    expect(Buffer.concat(rb.data).toString()).toBe('hi');
    b.write(Buffer.from([0, 255]));
    await tick();
    expect(Buffer.concat(ra.data)).toEqual(Buffer.from([0, 255]));
    expect([a.bytesWritten, b.bytesRead, a.remote.address]).toEqual([2, 2, b.local.address]);
  });

  it('stops delivering queued chunks as soon as the reader pauses inside onData', async () => {
    const [a, b] = MemoryLink.pair();
    const rb = recorder();
    b.attach({ ...rb, onData: (chunk) => (rb.onData(chunk), b.pause()) });
    a.attach(recorder());
    a.write('one');
    a.write('two');
    await tick();
    expect(rb.data.map(String)).toEqual(['one']);
    b.resume();
    await tick();
    expect(rb.data.map(String)).toEqual(['one', 'two']);
  });

  it('reports backpressure and drains; pause holds delivery until resume', async () => {
    const { a, b, ra, rb } = attachedPair();
    b.pause();
    expect(a.write(Buffer.alloc(32 * 1024))).toBe(false);
    await tick();
    expect(rb.data).toEqual([]);
    expect(a.bufferedBytes).toBe(32 * 1024);
    b.resume();
    await tick();
    expect(Buffer.concat(rb.data)).toHaveLength(32 * 1024);
    expect(ra.events).toEqual(['drain']);
  });

  it('half-closes, then closes once both ends have ended', async () => {
    const { a, b, ra, rb } = attachedPair();
    a.write('last');
    a.end();
    expect(a.write('late')).toBe(false);
    await tick();
    expect(rb.events).toEqual(['end']);
    b.write('reply');
    b.end();
    await tick();
    expect(Buffer.concat(ra.data).toString()).toBe('reply');
    expect(ra.events).toEqual(['end', 'close']);
    expect(rb.events).toEqual(['end', 'close']);
  });

  it('close() delivers the notice, then both ends close; destroy() closes at once', async () => {
    const [a, b] = MemoryLink.pair();
    const rb = recorder();
    a.attach(recorder());
    b.attach(rb);
    a.close({ notice: 'bye\n' });
    await tick();
    expect(Buffer.concat(rb.data).toString()).toBe('bye\n');
    expect(rb.events).toEqual(['end', 'close']);

    const [c, d] = MemoryLink.pair();
    const rd = recorder();
    c.attach(recorder());
    d.attach(rd);
    c.write('dropped');
    c.destroy();
    await tick();
    expect(rd.data).toEqual([]);
    expect(rd.events).toEqual(['close']);
  });
});
