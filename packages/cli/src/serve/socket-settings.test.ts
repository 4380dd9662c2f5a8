import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { parseConfig } from './load-config.js';
import { parseServeArgs } from './parse-serve-args.js';
import { toListenOptions } from './listen-options.js';
import { container } from 'tsyringe';

const base = ['--listen', 'ws://127.0.0.1:0/chat', '--handler', 'echo'];

describe('socket and origin settings', () => {
  it('reads --allowed-origin (repeatable), --no-delay, --keep-alive, --backlog and --ca under core names', async () => {
    const args = parseServeArgs([
      ...base,
      '--allowed-origin',
      'https://chat.example.com',
      '--allowed-origin=http://localhost:*',
      '--no-delay',
      'off',
      '--keep-alive',
      '30000',
      '--backlog',
      '64',
    ]);
    expect(args.settings).toMatchObject({
      allowedOrigins: ['https://chat.example.com', 'http://localhost:*'],
      noDelay: false,
      keepAlive: 30000,
      backlog: 64,
    });
    const options = await toListenOptions(args.settings, container);
    expect(options).toMatchObject({
      allowedOrigins: args.settings.allowedOrigins,
      noDelay: false,
      keepAlive: 30000,
      backlog: 64,
    });
  });

  it.each([
    [['--allowed-origin', 'not an origin'], /--allowed-origin: .*not an origin/],
    [['--no-delay', 'maybe'], /--no-delay: must be on or off/],
    [['--backlog', '0'], /--backlog: must be a positive integer/],
    [['--keep-alive', '-1'], /--keep-alive/],
  ])('refuses %j', (extra, message) => {
    expect(() => parseServeArgs([...base, ...extra])).toThrow(UsageError);
    expect(() => parseServeArgs([...base, ...extra])).toThrow(message);
  });

  it('takes the same keys in the config file, with ca anchored to its folder', () => {
    const config = parseConfig(
      {
        allowedOrigins: ['https://a.example'],
        listeners: [
          {
            url: 'tls://127.0.0.1:0',
            options: { cert: 'c.pem', key: 'k.pem', ca: 'ca.pem', noDelay: true, backlog: 5 },
          },
        ],
      },
      '/etc/sb',
    );
    expect(config.settings.allowedOrigins).toEqual(['https://a.example']);
    expect(config.listeners[0]!.settings).toMatchObject({ ca: '/etc/sb/ca.pem', noDelay: true, backlog: 5 });
    expect(() => parseConfig({ allowedOrigins: 'x y', listeners: [] }, '/')).toThrow(/allowedOrigins/);
  });
});
