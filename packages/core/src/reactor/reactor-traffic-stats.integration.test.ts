import { afterEach, describe, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { Reactor } from './reactor.js';

/** 'flood' writes 256 KiB pieces until the peer stops keeping up; 'slow' busy-waits 3 ms; 'wait' awaits 30 ms. */
class TestHandler implements Handler<string> {
  async onMessage(ctx: HandlerContext, msg: string): Promise<void> {
    if (msg === 'flood') {
      const piece = 'x'.repeat(256 * 1024);
      for (let i = 0; i < 1000 && ctx.write(piece); i++);
      ctx.write('one more, still stalled');
    } else if (msg === 'slow') {
      const until = performance.now() + 3;
      while (performance.now() < until);
      ctx.write('done');
    } else if (msg === 'wait') {
      await new Promise((resolve) => setTimeout(resolve, 30));
      ctx.write('done');
    } else {
      ctx.write(`got ${msg}`);
    }
  }
}

let reactor: Reactor | undefined;
afterEach(async () => {
  await reactor?.close({ graceMs: 50 });
  reactor = undefined;
});

async function serve(measureHandlerTime?: boolean) {
  reactor = new Reactor({ measureHandlerTime });
  const listener = reactor.listen('tcp://127.0.0.1:0', [new TestHandler()], { codec: 'lines' });
  await reactor.start();
  return { listener, client: await LineClient.connect({ port: listener.port }) };
}

describe('reactor.stats(): messages, backpressure stalls, handler time', () => {
  it('counts messages in and out per listener, closed connections included, and times nothing by default', async () => {
    const { listener, client } = await serve();
    for (const word of ['a', 'b', 'c']) client.send(word);
    for (const word of ['a', 'b', 'c']) expect(await client.readLine()).toBe(`got ${word}`);
    expect(reactor!.stats().listeners[0]).toMatchObject({ url: listener.url, messagesIn: 3, messagesOut: 3 });
    client.end();
    await client.waitForClose();
    await eventually(() => reactor!.stats().connections === 0);
    const stats = reactor!.stats();
    expect(stats).toMatchObject({ messagesIn: 3, messagesOut: 3, backpressureStalls: 0 });
    expect(stats.listeners[0]).toMatchObject({ messagesIn: 3, messagesOut: 3 });
    expect(stats.listeners[0]!.handlerSeconds).toBeUndefined();
  });

  it('counts one backpressure stall per episode, however many writes it refused', async () => {
    const { client } = await serve();
    client.socket.pause();
    client.send('flood');
    await eventually(() => reactor!.stats().backpressureStalls === 1);
    // The handler's extra write was refused too, but it is the same stall.
    expect(reactor!.stats().listeners[0]!.backpressureStalls).toBe(1);
    client.socket.resume();
    const tail = 'one more, still stalled\n';
    await eventually(() => client.received.subarray(-tail.length).toString() === tail);
    client.socket.pause();
    client.send('flood');
    await eventually(() => reactor!.stats().backpressureStalls === 2);
    client.destroy();
  });

  it('measureHandlerTime: a histogram per listener of sampled messages (the 1st, 9th… of each connection), until the handler returns or its promise settles', async () => {
    const { listener, client } = await serve(true);
    const other = await LineClient.connect({ port: listener.port });
    client.send('slow');
    expect(await client.readLine()).toBe('done');
    other.send('wait');
    expect(await other.readLine()).toBe('done');
    await eventually(() => reactor!.stats().listeners[0]!.handlerSeconds?.count === 2);
    // The 2nd to 8th messages of a connection are not timed; its 9th is.
    for (let i = 2; i <= 9; i++) client.send(`m${i}`);
    for (let i = 2; i <= 9; i++) expect(await client.readLine()).toBe(`got m${i}`);
    const histogram = reactor!.stats().listeners[0]!.handlerSeconds!;
    expect(histogram.count).toBe(3);
    expect(histogram.sum).toBeGreaterThanOrEqual(0.033);
    expect(histogram.bounds[0]).toBe(0.00001);
    expect(histogram.cumulative).toHaveLength(histogram.bounds.length);
    // Both timed ones took 3 ms or more, the awaited one 30 ms or more; the 9th, an answer, far less.
    const atMost = (seconds: number) => histogram.cumulative[histogram.bounds.indexOf(seconds)];
    expect(atMost(0.001)).toBe(1);
    expect(atMost(0.01)).toBeLessThanOrEqual(2);
    expect(atMost(1)).toBe(3);
    client.destroy();
    other.destroy();
  });
});
