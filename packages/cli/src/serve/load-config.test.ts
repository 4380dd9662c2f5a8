import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { parseConfig } from './load-config.js';
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
  ])('%j is a usage error', (json, message) => {
    expect(() => parseConfig(json, '/')).toThrow(UsageError);
    expect(() => parseConfig(json, '/')).toThrow(message);
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
