import type { Socket } from 'node:net';
import type { Logger } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisBackplane, type RedisBackplaneOptions } from './redis-backplane.js';
import { FakeRedis, type FakeRedisBehaviour } from './testing/fake-redis.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps its lines, to count warnings and look for secrets. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: object) =>
    lines.push(`${level} ${msg} ${JSON.stringify(fields)}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

async function connected(behaviour: FakeRedisBehaviour, options: RedisBackplaneOptions = {}) {
  const redis = await FakeRedis.start(behaviour);
  const logger = recordingLogger();
  const backplane = new RedisBackplane({ url: redis.url(':s3cret@'), logger, maxRetryDelayMs: 200, ...options });
  cleanups.push(async () => {
    await backplane.close();
    await redis.close();
  });
  await backplane.connect();
  return { redis, backplane, logger };
}

describe.each([
  ['a reply nested 3,000 levels deep', (socket: Socket) => socket.write('*1\r\n'.repeat(3000))],
  [
    'a 2 GB bulk header',
    (socket: Socket) => socket.write('*3\r\n$7\r\nmessage\r\n$11\r\nswitchboard\r\n$2000000000\r\n'),
  ],
  ['garbage', (socket: Socket) => socket.write('\x00\xff garbage\r\n')],
])('a Redis that sends %s', (_, attack) => {
  it('resets the connection, keeps reconnecting, warns once with the password hidden, recovers', async () => {
    let attacking = false;
    const { redis, backplane, logger } = await connected({ onSubscribe: (socket) => attacking && attack(socket) });
    attacking = true;
    for (const socket of redis.subscribers) attack(socket);
    // Every reconnection is attacked again (its handshake fails): no crash, no log flood.
    await expect.poll(() => redis.connections, { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    expect(backplane.stats().resets).toBe(1);
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);
    expect(logger.lines[0]).toContain('redis://:***@127.0.0.1');
    attacking = false;
    await expect.poll(() => logger.lines.at(-1), { timeout: 10_000 }).toMatch(/Redis is back/);
    expect(logger.lines.join('\n')).not.toContain('s3cret');
  });
});

it('ignores and counts messages on the channel that are not broadcasts, without a reset', async () => {
  const { backplane, logger } = await connected({
    onSubscribe: (socket, channel) => {
      for (let i = 0; i < 3; i++)
        socket.write(`*3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$5\r\nhello\r\n`);
    },
  });
  await expect.poll(() => backplane.stats().malformed).toBe(3);
  expect(backplane.stats().resets).toBe(0);
  expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);
});

it('bounds what waits for a Redis that does not answer, then times out and counts the loss', async () => {
  const { backplane, logger } = await connected(
    { onPublish: () => false },
    { maxPendingMessages: 5, commandTimeoutMs: 1000 },
  );
  for (let i = 0; i < 100; i++) backplane.publish('lobby', `message ${i}`, 'me');
  expect(backplane.stats()).toMatchObject({ dropped: 95, published: 0 });
  await expect.poll(() => backplane.stats().failed, { timeout: 10_000 }).toBe(5);
  expect(backplane.stats().resets).toBeGreaterThanOrEqual(1);
  expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(2); // dropping; connection lost
  expect(logger.lines.join('\n')).toMatch(/did not answer within 1000 ms/);
});

it('drops a broadcast larger than maxMessageBytes instead of sending it', async () => {
  const { backplane, redis } = await connected({}, { maxMessageBytes: 1024 });
  backplane.publish('lobby', 'x'.repeat(2000), 'me');
  backplane.publish('lobby', 'small', 'me');
  await expect.poll(() => backplane.stats().published).toBe(1);
  expect(backplane.stats().dropped).toBe(1);
  expect(redis.commands.filter(([name]) => name === 'PUBLISH')).toHaveLength(1);
});

it('fails at startup naming the URL (password hidden) when the handshake goes unanswered', async () => {
  const redis = await FakeRedis.start({ answers: false });
  cleanups.push(() => redis.close());
  const backplane = new RedisBackplane({ url: redis.url(':s3cret@'), connectTimeoutMs: 500 });
  const failure = backplane.connect();
  await expect(failure).rejects.toMatchObject({
    code: 'ECONNREFUSED',
    message: expect.stringContaining('no answer within 500 ms'),
  });
  await expect(failure).rejects.toThrow(`Cannot reach Redis at "redis://:***@127.0.0.1:${redis.port}"`);
});
