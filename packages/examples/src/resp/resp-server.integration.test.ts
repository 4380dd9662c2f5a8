import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { start } from './resp-server.js';
import { encodeCommand } from './resp-test-kit.js';
import { NC, netcat, RawClient, REDIS_CLI, redisCli, requireTool } from './resp-test-clients.js';

let app: Awaited<ReturnType<typeof start>>;
const clients: RawClient[] = [];
beforeEach(async () => {
  app = await start({ port: 0, store: { sweepIntervalMs: 20 } });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await app.close();
});

async function raw(): Promise<RawClient> {
  const client = await RawClient.connect(app.port);
  clients.push(client);
  return client;
}

describe.runIf(requireTool('redis-cli', REDIS_CLI))('the RESP example with redis-cli', () => {
  it('sets and gets, with binary-safe values and nil for a missing key', async () => {
    expect(await redisCli(app.port, ['set', 'a', '1'])).toBe('OK\n');
    expect(await redisCli(app.port, ['get', 'a'])).toBe('1\n');
    expect(await redisCli(app.port, ['--no-raw', 'get', 'missing'])).toBe('(nil)\n');
    expect(await redisCli(app.port, ['mset', 'k1', 'v1', 'k2', 'v 2'])).toBe('OK\n');
    expect(await redisCli(app.port, ['mget', 'k1', 'k2', 'nope'])).toBe('v1\nv 2\n\n');
    expect(await redisCli(app.port, ['incrby', 'n', '41'])).toBe('41\n');
    expect(await redisCli(app.port, ['incr', 'n'])).toBe('42\n');
    expect(await redisCli(app.port, ['incr', 'k1'])).toBe('ERR value is not an integer or out of range\n\n');
    expect(await redisCli(app.port, ['del', 'k1', 'k2', 'nope'])).toBe('2\n');
    expect(await redisCli(app.port, ['exists', 'a', 'a', 'k1'])).toBe('2\n');
  });

  it('expires keys: TTL, PTTL, SET EX/PX and EXPIRE, and a sweep for keys nobody reads', async () => {
    expect(await redisCli(app.port, ['set', 'short', 'x', 'PX', '100'])).toBe('OK\n');
    expect(await redisCli(app.port, ['set', 'long', 'x', 'EX', '100'])).toBe('OK\n');
    expect(await redisCli(app.port, ['ttl', 'long'])).toBe('100\n');
    expect(await redisCli(app.port, ['ttl', 'missing'])).toBe('-2\n');
    expect(await redisCli(app.port, ['set', 'kept', 'x'])).toBe('OK\n');
    expect(await redisCli(app.port, ['ttl', 'kept'])).toBe('-1\n');
    expect(await redisCli(app.port, ['expire', 'kept', '50'])).toBe('1\n');
    expect(Number(await redisCli(app.port, ['pttl', 'kept']))).toBeGreaterThan(49_000);
    expect(await redisCli(app.port, ['set', 'x', '1', 'EX', '0'])).toBe("ERR invalid expire time in 'set' command\n\n");
    await expect.poll(() => redisCli(app.port, ['info', 'keyspace']), { timeout: 5000 }).toMatch(/keys=2,expires=2/);
    expect(await redisCli(app.port, ['exists', 'short'])).toBe('0\n');
  });

  it('lists keys matching a glob', async () => {
    await redisCli(app.port, ['mset', 'user:1', 'a', 'user:2', 'b', 'users', 'c', 'job:1', 'd']);
    const keys = (await redisCli(app.port, ['keys', 'user:[0-9]*'])).trim().split('\n').sort();
    expect(keys).toEqual(['user:1', 'user:2']);
    expect(await redisCli(app.port, ['keys', 'nothing*'])).toBe('\n');
  });

  it('answers an unknown command and wrong arity, and keeps the connection for the next command', async () => {
    const output = await redisCli(app.port, [], 'frob a b\nget\nset a 1\nget a\n');
    expect(output.split('\n')).toEqual([
      // redis-cli prints a blank line after an error.
      "ERR unknown command 'frob', with args beginning with: 'a' 'b' ",
      '',
      "ERR wrong number of arguments for 'get' command",
      '',
      'OK',
      '1',
      '',
    ]);
  });

  it('speaks what redis-cli asks on connect: PING, HELLO 2, HELLO 3 refused, CLIENT, INFO, SELECT 0', async () => {
    expect(await redisCli(app.port, ['ping'])).toBe('PONG\n');
    expect(await redisCli(app.port, ['hello', '2'])).toMatch(/^server\nredis\nversion\n.*\nproto\n2\n/s);
    expect(await redisCli(app.port, ['hello', '3'])).toMatch(/^NOPROTO /);
    expect(await redisCli(app.port, ['-3', 'ping'])).toMatch(/PONG/);
    expect(await redisCli(app.port, ['select', '0'])).toBe('OK\n');
    expect(await redisCli(app.port, ['info'])).toMatch(/redis_version:/);
    const named = await redisCli(app.port, [], 'client setname tester\nclient getname\nclient info\n');
    expect(named).toMatch(/^OK\ntester\nid=\d+ addr=127\.0\.0\.1:\d+ name=tester /);
  });
});

describe.runIf(requireTool('nc', NC))('the RESP example with nc (inline commands)', () => {
  it('accepts inline commands with quotes and escapes, as redis-server does', async () => {
    const answer = await netcat(app.port, 'SET a 1\r\nSET greeting "hello\\tworld"\r\nGET greeting\r\nGET a\r\n');
    expect(answer).toBe('+OK\r\n+OK\r\n$11\r\nhello\tworld\r\n$1\r\n1\r\n');
    expect(await netcat(app.port, "ECHO 'it\\'s'\nPING\n")).toBe("$4\r\nit's\r\n+PONG\r\n");
  });
});

describe('the RESP example over a raw socket', () => {
  it('fails malformed input with -ERR Protocol error and a close, and keeps serving others', async () => {
    const bystander = await raw();
    const bad = await raw();
    bad.write('*1\r\n$x\r\n');
    await bad.until(() => bad.closed, 'the close');
    expect(bad.text()).toBe('-ERR Protocol error: invalid bulk length\r\n');
    bystander.write(encodeCommand(['PING']));
    await bystander.until(() => bystander.text() === '+PONG\r\n', 'PONG');
  });

  it('answers unbalanced quotes and nested arrays as Redis does, then closes', async () => {
    const quotes = await raw();
    quotes.write('SET "a 1\r\n');
    await quotes.until(() => quotes.closed, 'the close');
    expect(quotes.text()).toBe('-ERR Protocol error: unbalanced quotes in request\r\n');
    const nested = await raw();
    nested.write('*1\r\n*1\r\n$1\r\na\r\n');
    await nested.until(() => nested.closed, 'the close');
    expect(nested.text()).toBe("-ERR Protocol error: expected '$', got '*'\r\n");
  });

  it('QUIT answers OK, then closes; commands after it are not answered', async () => {
    const client = await raw();
    client.write(Buffer.concat([encodeCommand(['QUIT']), encodeCommand(['PING'])]));
    await client.until(() => client.closed, 'the close');
    expect(client.text()).toBe('+OK\r\n');
  });

  it('answers a client that pipelines a million GETs without reading, in order, by reading no faster than it reads', async () => {
    const client = await raw();
    const value = 'v'.repeat(20);
    client.write(encodeCommand(['SET', 'k', value]));
    await client.until(() => client.text() === '+OK\r\n', 'OK');
    client.received = Buffer.alloc(0);
    client.socket.pause();
    const count = 1_000_000;
    const reply = Buffer.from(`$20\r\n${value}\r\n`);
    // 27 MB of replies for a client that does not read: past the 8 MiB a channel queues for a slow
    // peer, so a server that kept reading would be dropped with SLOW_CONSUMER before the end.
    const batch = Buffer.concat(Array<Buffer>(10_000).fill(encodeCommand(['GET', 'k'])));
    for (let sent = 0; sent < count; sent += 10_000) client.write(batch);
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.socket.resume();
    await client.until(() => client.closed || client.received.length >= count * reply.length, 'every reply', 60_000);
    expect(client.closed).toBe(false);
    expect(client.received.length).toBe(count * reply.length);
    for (let i = 0; i < count; i += 9973) {
      expect(client.received.subarray(i * reply.length, (i + 1) * reply.length).equals(reply)).toBe(true);
    }
  }, 90_000);
});
