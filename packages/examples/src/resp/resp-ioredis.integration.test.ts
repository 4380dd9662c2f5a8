import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { start } from './resp-server.js';

let app: Awaited<ReturnType<typeof start>>;
let redis: Redis | undefined;
beforeEach(async () => {
  app = await start({ port: 0 });
});
afterEach(async () => {
  redis?.disconnect();
  await app.close();
});

/** ioredis as Node teams use it: ready check (INFO), a connection name (CLIENT SETNAME), no retries. */
function connect(): Redis {
  redis = new Redis({ host: '127.0.0.1', port: app.port, connectionName: 'tests', maxRetriesPerRequest: 0 });
  return redis;
}

it('serves ioredis: connects, names itself, sets and gets, expires', async () => {
  const client = connect();
  expect(await client.ping()).toBe('PONG');
  expect(await client.client('GETNAME')).toBe('tests');
  expect(await client.set('a', 'hello', 'EX', 10)).toBe('OK');
  expect(await client.get('a')).toBe('hello');
  expect(await client.ttl('a')).toBe(10);
  expect(await client.set('a', 'again', 'NX')).toBeNull();
  expect(await client.incrby('n', 5)).toBe(5);
  expect(await client.getBuffer('missing')).toBeNull();
  await expect(client.incr('a')).rejects.toThrow('ERR value is not an integer or out of range');
});

it('answers 1,000 pipelined commands in order', async () => {
  const client = connect();
  const pipeline = client.pipeline();
  for (let i = 0; i < 500; i++) pipeline.set(`key:${i}`, `value ${i}`).get(`key:${i}`);
  const results = await pipeline.exec();
  expect(results).toHaveLength(1000);
  for (let i = 0; i < 500; i++) {
    expect(results![2 * i]).toEqual([null, 'OK']);
    expect(results![2 * i + 1]).toEqual([null, `value ${i}`]);
  }
  expect((await client.keys('key:4?')).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `key:4${i}`));
});

it('keeps binary keys and values intact', async () => {
  const client = connect();
  const key = Buffer.from([0, 255, 13, 10, 42]);
  const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await client.set(key, value);
  expect((await client.getBuffer(key))!.equals(value)).toBe(true);
  expect(await client.exists(key)).toBe(1);
});
