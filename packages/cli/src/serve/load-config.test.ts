import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { loadConfig, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, parseConfig } from './load-config.js';
import { parseServeArgs } from './parse-serve-args.js';
import { mergeServeOptions } from './resolve-serve-options.js';

const listener = {
  url: 'tcp://127.0.0.1:0',
  handlers: ['greeting', 'talkback'],
  options: { maxConnections: 10, greeting: 'hi' },
};

describe('parseConfig', () => {
  it('reads listeners, top-level defaults, and anchors relative paths at the file', () => {
    const config = parseConfig(
      {
        listeners: [listener],
        handlers: 'echo',
        maxLine: 100,
        cert: 'tls/c.pem',
        key: '/abs/k.pem',
        grace: 0,
        plugins: ['./p.js', 'pkg'],
      },
      '/etc/sb',
    );
    expect(config).toEqual({
      listeners: [
        {
          url: 'tcp://127.0.0.1:0',
          handlers: ['greeting', 'talkback'],
          settings: { maxConnections: 10, greeting: 'hi' },
        },
      ],
      handlers: ['echo'],
      settings: { maxLine: 100, cert: '/etc/sb/tls/c.pem', key: '/abs/k.pem' },
      graceMs: 0,
      workers: undefined,
      logFormat: undefined,
      plugins: ['/etc/sb/p.js', 'pkg'],
      redis: undefined,
    });
  });

  it('reads the Redis URL and channel', () => {
    const config = parseConfig({ listeners: [listener], redis: 'redis://127.0.0.1/2', redisChannel: 'app-two' }, '/');
    expect(config).toMatchObject({ redis: 'redis://127.0.0.1/2', redisChannel: 'app-two' });
  });

  it.each([
    [[], /top level must be a JSON object/],
    [{}, /"listeners" must be a list/],
    [{ listeners: [listener], maxconnections: 1 }, /unknown key "maxconnections"/],
    [
      { listeners: [{ ...listener, options: { maxConnections: -1 } }] },
      /listeners\[0\]\.options\.maxConnections must be a positive integer/,
    ],
    [{ listeners: [{ handlers: ['echo'] }] }, /listeners\[0\]\.url must be a string/],
    [{ listeners: [listener], logFormat: 'xml' }, /logFormat must be one of/],
    [{ listeners: [listener], grace: 2 ** 31 }, /grace must be at most 2147483647 ms/],
    [{ listeners: [{ ...listener, options: { idleTimeout: 2 ** 40 } }] }, /idleTimeout must be at most 2147483647/],
    [{ listeners: [listener], maxLine: 2 ** 53 }, /maxLine must be at most \d+ bytes/],
    [{ listeners: [listener], redisChannel: '' }, /redisChannel must be a channel name/],
  ])('%j is a usage error', (json, message) => {
    expect(() => parseConfig(json, '/')).toThrow(UsageError);
    expect(() => parseConfig(json, '/')).toThrow(message);
  });
});

describe('config values at their extremes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `[[[…]]]` nested `depth` times, built without recursion. */
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('refuses a 200,000-deep value with a clear error, not a stack overflow', () => {
    expect(() => parseConfig({ listeners: [listener], maxLine: nested(200_000) }, '/')).toThrow(
      new UsageError(`values nest deeper than ${MAX_CONFIG_DEPTH} levels`),
    );
    expect(() => parseConfig({ listeners: [{ ...listener, options: { greeting: nested(28) } }] }, '/')).toThrow(
      /greeting must be a string/,
    );
  });

  it('refuses a file larger than 1 MiB, and one that never ends, before parsing it', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"listeners": []}${' '.repeat(MAX_CONFIG_BYTES)}`);
    await expect(loadConfig(big)).rejects.toThrow(
      /Cannot read config file ".*big\.json": it is larger than 1048576 bytes/,
    );
    await expect(loadConfig('/dev/zero')).rejects.toThrow(/larger than 1048576 bytes/);
    const exact = join(dir, 'exact.json');
    writeFileSync(exact, `{"listeners": []}`.padEnd(MAX_CONFIG_BYTES, ' '));
    await expect(loadConfig(exact)).resolves.toMatchObject({ listeners: [] });
  });
});

describe('mergeServeOptions', () => {
  const config = parseConfig(
    {
      listeners: [listener, { url: 'tcp://127.0.0.1:0' }],
      handlers: ['echo'],
      maxConnections: 3,
      greeting: 'file',
      workers: 2,
    },
    '/',
  );

  it("prefers a listener's own options, then flags, then the file's top level, then the defaults", () => {
    const options = mergeServeOptions(parseServeArgs(['--greeting', 'flag', '--listen', 'tcp://127.0.0.1:0']), config);
    expect(options.listeners.map((l) => [l.handlers, l.settings])).toEqual([
      [['greeting', 'talkback'], { maxConnections: 10, greeting: 'hi' }],
      [['echo'], { maxConnections: 3, greeting: 'flag' }],
      [['echo'], { maxConnections: 3, greeting: 'flag' }],
    ]);
    expect(options).toMatchObject({ workers: 2, graceMs: 3000, logFormat: 'plain' });
  });

  it('needs listeners and handlers, and a certificate for tls://', () => {
    expect(() => mergeServeOptions(parseServeArgs([]))).toThrow(/Missing --listen/);
    expect(() => mergeServeOptions(parseServeArgs(['--listen', 'tcp://127.0.0.1:0']))).toThrow(/Missing --handler/);
    expect(() => mergeServeOptions(parseServeArgs(['--listen', 'tls://127.0.0.1:0', '--handler', 'echo']))).toThrow(
      /needs a certificate/,
    );
    expect(() =>
      mergeServeOptions(parseServeArgs(['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--cert', 'c.pem'])),
    ).toThrow(/--cert and --key go together/);
    expect(() => mergeServeOptions(parseServeArgs(['--listen', 'tcp:/x', '--handler', 'echo']))).toThrow(
      expect.objectContaining({ code: 'BAD_URL' }),
    );
  });
});
