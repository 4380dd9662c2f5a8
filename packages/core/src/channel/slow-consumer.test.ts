import { describe, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { TestChannel } from '../testing/test-channel.js';

/** Answers each line with ten lines of its own (a handler's plain `ctx.write`, not a broadcast). */
const chatty: Handler<string> = {
  onMessage(ctx: HandlerContext, line: string) {
    for (let i = 0; i < 10; i++) ctx.write(`${line} ${i}`);
  },
};

describe("slow-consumer policy for a handler's own writes", () => {
  it('disconnect (default): a peer owed more than maxBufferedBytes is closed with SLOW_CONSUMER and counted', async () => {
    const test = await TestChannel.create([chatty], { options: { codec: 'lines', maxBufferedBytes: 64 } });
    test.setWritable(false);
    test.receive('hello');
    expect(test.errors.map((e) => e.code)).toEqual(['SLOW_CONSUMER']);
    expect(test.closed).toBe(true);
    expect(test.channel.config.slowConsumerCounts).toEqual({ drops: 0, disconnects: 1 });
  });

  it('drop: ctx.write to a peer over the limit is skipped (false) and counted; the peer stays and catches up', async () => {
    const options = { codec: 'lines', maxBufferedBytes: 64, slowConsumer: 'drop' } as const;
    const test = await TestChannel.create([chatty], { options });
    test.setWritable(false);
    test.receive('hello');
    test.receive('again');
    expect(test.errors).toEqual([]);
    expect(test.closed).toBe(false);
    const { drops } = test.channel.config.slowConsumerCounts!;
    expect(drops).toBeGreaterThan(10);
    expect(drops).toBeLessThan(20);
    test.setWritable(true);
    expect(test.written()).toHaveLength(20 - drops);
    test.receive('later');
    expect(test.written().slice(-10)).toEqual([...Array(10).keys()].map((i) => `later ${i}`));
    expect(test.channel.config.slowConsumerCounts).toEqual({ drops, disconnects: 0 });
  });

  it('refuses an unknown policy (BAD_OPTION)', async () => {
    const options = { codec: 'lines', slowConsumer: 'ignore' } as never;
    await expect(TestChannel.create([chatty], { options })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});
