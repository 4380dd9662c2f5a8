import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../config/config-error.js';
import { UsageError } from '../usage-error.js';
import { loadConfig, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, parseConfig } from './load-config.js';
import { parseServeArgs } from './parse-serve-args.js';
import { mergeServeOptions } from './resolve-serve-options.js';

const listener = {
  url: 'tcp://127.0.0.1:0',
  handlers: ['greeting', 'talkback'],
  options: { maxConnections: 10, greeting: 'hi' },
};

/** The mistakes `fn` throws, as `path: message` lines. */
function mistakes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map(formatIssue);
    throw err;
  }
  throw new Error('no mistake reported');
}

describe('parseConfig', () => {
  it('reads listeners, top-level defaults, and anchors relative paths at the file', () => {
    const config = parseConfig(
      {
        listeners: [listener],
        handlers: 'echo',
        maxLineLength: 100,
        cert: 'tls/c.pem',
        key: '/abs/k.pem',
        graceMs: 0,
        logLevel: 'debug',
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
      settings: { maxLineLength: 100, cert: '/etc/sb/tls/c.pem', key: '/abs/k.pem' },
      graceMs: 0,
      workers: undefined,
      logFormat: undefined,
      logLevel: 'debug',
      plugins: ['/etc/sb/p.js', 'pkg'],
      redis: undefined,
      redisChannel: undefined,
      warnings: [],
    });
  });

  it('reads the Redis URL and channel', () => {
    const config = parseConfig({ listeners: [listener], redis: 'redis://127.0.0.1/2', redisChannel: 'app-two' }, '/');
    expect(config).toMatchObject({ redis: 'redis://127.0.0.1/2', redisChannel: 'app-two' });
  });

  it('reports five different mistakes at once, each with its path, and a did-you-mean for a misspelt key', () => {
    const found = mistakes(() =>
      parseConfig(
        {
          listeners: [
            { url: 'tcp://127.0.0.1:0', options: { maxConections: 3, idleTimeout: -1 } },
            { handlers: ['echo'] },
          ],
          logFormat: 'xml',
          maxLineLength: 2 ** 53,
        },
        '/',
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^listeners\[0\]\.options\.idleTimeout: must be a non-negative integer, got -1$/),
      'listeners[0].options.maxConections: unknown key; did you mean "maxConnections"?',
      expect.stringMatching(/^listeners\[1\]\.url: must be a URL/),
      'logFormat: must be one of plain, json, got "xml"',
      expect.stringMatching(/^maxLineLength: must be at most \d+ bytes, got 9007199254740992$/),
    ]);
  });

  it('says where a key belongs when it is at the wrong level', () => {
    expect(
      mistakes(() =>
        parseConfig({ listeners: [{ url: 'tcp://127.0.0.1:0', maxPayload: 1, options: { graceMs: 1 } }] }, '/'),
      ),
    ).toEqual([
      `listeners[0].options.graceMs: unknown key here; it is a top-level setting`,
      `listeners[0].maxPayload: unknown key here; put it in this listener's "options"`,
    ]);
  });

  it('takes the old names (maxLine, maxBuffered, grace) with a warning, and refuses one given with its new name', () => {
    const config = parseConfig(
      { listeners: [{ ...listener, options: { maxBuffered: 64 } }], maxLine: 80, grace: 5 },
      '/',
    );
    expect(config.settings).toEqual({ maxLineLength: 80 });
    expect(config.graceMs).toBe(5);
    expect(config.listeners[0]!.settings).toMatchObject({ maxBufferedBytes: 64 });
    expect(config.warnings.map((w) => w.path)).toEqual(['maxLine', 'grace', 'listeners[0].options.maxBuffered']);
    expect(mistakes(() => parseConfig({ listeners: [], maxLine: 1, maxLineLength: 2 }, '/'))).toEqual([
      'maxLine: is the old name of "maxLineLength", which is given too; keep "maxLineLength"',
    ]);
  });

  it('never quotes the Redis URL back', () => {
    expect(mistakes(() => parseConfig({ listeners: [], redis: 'http://:s3cret@127.0.0.1' }, '/'))).toEqual([
      'redis: must be a redis:// or rediss:// URL',
    ]);
  });

  it.each([
    [[], /^must be an object/],
    [{}, /^listeners: must be a list/],
    [{ listeners: [listener], maxconnections: 1 }, /^maxconnections: unknown key; did you mean "maxConnections"\?/],
    [{ listeners: [listener], graceMs: 2 ** 31 }, /^graceMs: must be at most 2147483647 ms/],
    [{ listeners: [listener], redisChannel: '' }, /^redisChannel: must be a channel name/],
    [{ listeners: [listener], codec: 'json' }, /^codec: must be one of raw, lines, length-prefixed/],
    [{ listeners: [listener], heartbeatMs: 2 ** 31 }, /^heartbeatMs: must be at most 2147483647 ms/],
    [{ listeners: [listener], maxDatagramSize: 70_000 }, /^maxDatagramSize: must be at most 65527 bytes/],
  ])('%j is a mistake', (json, message) => {
    expect(() => parseConfig(json, '/')).toThrow(UsageError);
    expect(mistakes(() => parseConfig(json, '/'))[0]).toMatch(message);
  });
});

describe('config values at their extremes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 200,000-deep value with a clear error, not a stack overflow, in JSON and YAML', async () => {
    const depth = 200_000;
    const json = join(dir, 'deep.json');
    writeFileSync(json, `{"listeners": [], "maxLineLength": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
    const yamlFlow = join(dir, 'deep.yaml');
    writeFileSync(yamlFlow, `listeners: []\nmaxLineLength: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    const yamlBlock = join(dir, 'deep-block.yml');
    writeFileSync(yamlBlock, `listeners: []\nmaxLineLength: ${'- '.repeat(depth)}x\n`);
    for (const file of [json, yamlFlow, yamlBlock]) {
      await expect(loadConfig(file)).rejects.toThrow(`values nest deeper than ${MAX_CONFIG_DEPTH} levels`);
    }
    expect(mistakes(() => parseConfig({ listeners: [{ ...listener, options: { greeting: [[[1]]] } }] }, '/'))).toEqual([
      'listeners[0].options.greeting: must be a string, got [[[1]]]',
    ]);
  });

  it('refuses a YAML alias bomb', async () => {
    const bomb = join(dir, 'bomb.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${`*${'abcdefgh'[i - 1]}, `.repeat(8)}*${'abcdefgh'[i - 1]}]`);
    writeFileSync(bomb, `listeners: []\n${levels.join('\n')}\n`);
    await expect(loadConfig(bomb)).rejects.toThrow(/Cannot read config file ".*bomb\.yaml": .*[Aa]lias/);
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
    expect(options).toMatchObject({ workers: 2, graceMs: 3000, logFormat: 'plain', logLevel: 'info' });
  });

  it('needs listeners and handlers, and a certificate for tls://', () => {
    const merge = (argv: string[]) => () => mergeServeOptions(parseServeArgs(argv));
    expect(merge([])).toThrow(/Missing --listen/);
    expect(merge(['--listen', 'tcp://127.0.0.1:0'])).toThrow(/Missing --handler/);
    expect(merge(['--listen', 'tls://127.0.0.1:0', '--handler', 'echo'])).toThrow(/needs a certificate/);
    expect(merge(['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--cert', 'c.pem'])).toThrow(
      /--cert and --key go together/,
    );
    expect(merge(['--listen', 'udp://127.0.0.1:0', '--handler', 'echo', '--max-datagram', '65527'])).toThrow(
      /maxDatagramSize must be at most 65507 bytes on IPv4/,
    );
  });

  it("lists every listener's mistake at once", () => {
    const found = mistakes(() =>
      mergeServeOptions(
        parseServeArgs(['--listen', 'tcp:/x', '--listen', 'tls://127.0.0.1:0']),
        parseConfig({ listeners: [{ url: 'tcp://127.0.0.1:0' }] }, '/'),
      ),
    );
    expect(found).toEqual([
      'listeners[0].handlers: missing, and no top-level handlers or --handler given',
      'Missing --handler a,b,c for the --listen URLs',
      expect.stringMatching(/^--listen tcp:\/x: .*tcp:\/x/),
      '--listen tls://127.0.0.1:0: needs a certificate: add --cert FILE --key FILE (cert and key in a file)',
    ]);
  });
});
