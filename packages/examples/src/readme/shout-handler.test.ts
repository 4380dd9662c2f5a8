import { TestChannel } from '@switchboard/core/testing';
import { expect, it } from 'vitest';
import { CLOCK, ShoutHandler } from './shout-handler.js';

const clock = { now: () => new Date('2026-01-01T12:00:00Z') };

it('shouts each line back, stamped by the clock', async () => {
  const ch = await TestChannel.create([ShoutHandler], { overrides: [[CLOCK, clock]] });

  ch.receiveBytes('hello\r\nwor'); // through the line codec ShoutHandler asks for
  ch.receiveBytes('ld\n');

  expect(ch.written()).toEqual(['2026-01-01T12:00:00.000Z HELLO', '2026-01-01T12:00:00.000Z WORLD']);
});

it('closes a connection whose line is over the limit', async () => {
  const ch = await TestChannel.create([ShoutHandler], {
    overrides: [[CLOCK, clock]],
    options: { maxLineLength: 10 },
  });

  ch.receiveBytes('far too long for the limit\n');

  expect(ch.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
  expect(ch.written()).toEqual([expect.stringMatching(/^ERROR LINE_TOO_LONG /)]);
  expect(ch.closed).toBe(true);
});
