import { randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { Reactor, type BackplaneMessage } from '@switchboard/core';
import { LineClient } from '@switchboard/core/testing';
import { registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';
import { afterEach, expect, it } from 'vitest';
import { registerRedisBackplane } from './register-redis-backplane.js';
import type { RedisBackplane } from './redis-backplane.js';

// Needs a real Redis on 127.0.0.1:6379: .ci/run starts one when none answers, so in CI it must
// be there; on a developer's machine without Redis these tests say so and skip.
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await answers(new URL(REDIS));
if (!redisUp && process.env.CI) throw new Error(`CI needs Redis at ${REDIS}`);
if (!redisUp) console.warn(`skipping Redis backplane tests: nothing answers at ${REDIS}`);

function answers(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('close', () => resolve(false));
  });
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startNode(channel: string) {
  const scope = container.createChildContainer();
  const backplane: RedisBackplane = await registerRedisBackplane(scope, { url: REDIS, channel });
  registerHandlers(scope);
  const reactor = new Reactor({ container: scope });
  const listener = reactor.listen('tcp://127.0.0.1:0', ['broadcast']);
  await reactor.start();
  cleanups.push(async () => {
    await reactor.close({ graceMs: 100 });
    await backplane.close();
  });
  return listener.port;
}

it.skipIf(!redisUp)('relays a broadcast between two reactors that share only Redis', async () => {
  const channel = `switchboard-test-${randomUUID()}`;
  const [portA, portB] = await Promise.all([startNode(channel), startNode(channel)]);
  const alice = await LineClient.connect({ port: portA });
  const bob = await LineClient.connect({ port: portB });
  const carol = await LineClient.connect({ port: portB });
  // Joining happens on open; give both servers a moment to see their clients.
  await new Promise((resolve) => setTimeout(resolve, 50));
  alice.send('hello from A');
  const from = `[127.0.0.1:${alice.socket.localPort}] hello from A`;
  expect(await bob.readLine()).toBe(from);
  expect(await carol.readLine()).toBe(from);
  bob.send('hi from B');
  expect(await alice.readLine()).toBe(`[127.0.0.1:${bob.socket.localPort}] hi from B`);
  for (const client of [alice, bob, carol]) client.destroy();
});

it('fails with ECONNREFUSED naming the URL when Redis does not answer', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await expect(
    registerRedisBackplane(container.createChildContainer(), { url, connectTimeoutMs: 2000 }),
  ).rejects.toMatchObject({
    code: 'ECONNREFUSED',
    message: expect.stringContaining(url),
  });
});

it.skipIf(!redisUp)('keeps apps on different channels apart; the database number does not', async () => {
  const [a, b] = [`app-a-${randomUUID()}`, `app-b-${randomUUID()}`];
  const connect = (channel: string, db: number) =>
    registerRedisBackplane(container.createChildContainer(), { url: `${REDIS}/${db}`, channel });
  const [appA, appB, appBOnDb1] = await Promise.all([connect(a, 1), connect(b, 2), connect(b, 1)]);
  cleanups.push(async () => void (await Promise.all([appA.close(), appB.close(), appBOnDb1.close()])));
  const heard: string[] = [];
  appB.subscribe((message) => heard.push(`B:${String(message.payload)}`));
  appBOnDb1.subscribe((message) => heard.push(`B on db 1:${String(message.payload)}`));
  appA.publish('lobby', 'for app A only', 'a');
  await expect.poll(() => appA.stats().published).toBe(1);
  // Published after A's message was acknowledged, so A's would arrive first if it arrived at all.
  appB.publish('lobby', 'for app B', 'b');
  await expect.poll(() => heard.length).toBe(2);
  expect(heard.sort()).toEqual(['B on db 1:for app B', 'B:for app B']);
});

it.skipIf(!redisUp)('stops calling a listener once it unsubscribes (a closed Hub)', async () => {
  const channel = `switchboard-test-${randomUUID()}`;
  const connect = () => registerRedisBackplane(container.createChildContainer(), { url: REDIS, channel });
  const [sender, receiver] = await Promise.all([connect(), connect()]);
  cleanups.push(async () => void (await Promise.all([sender.close(), receiver.close()])));
  const [gone, staying]: string[][] = [[], []];
  const leaves = (message: BackplaneMessage) => gone.push(String(message.payload));
  receiver.subscribe(leaves);
  receiver.subscribe((message) => staying.push(String(message.payload)));
  sender.publish('lobby', 'one', 'sender');
  await expect.poll(() => staying.length).toBe(1);
  receiver.unsubscribe(leaves);
  sender.publish('lobby', 'two', 'sender');
  await expect.poll(() => receiver.stats().received).toBe(2);
  expect(staying).toEqual(['one', 'two']);
  expect(gone).toEqual(['one']);
});
