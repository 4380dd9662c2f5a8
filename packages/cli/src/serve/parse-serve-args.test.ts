import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { UsageError } from '../usage-error.js';
import { parseServeArgs } from './parse-serve-args.js';

describe('parseServeArgs', () => {
  it('reads every flag', () => {
    const args = parseServeArgs([
      ...['--listen', 'tcp://127.0.0.1:0', '--listen', 'ws://127.0.0.1:0/chat', '--handler', 'greeting, broadcast'],
      ...['--max-connections', '5', '--idle-timeout', '0', '--max-line', '80', '--max-payload', '4096'],
      ...['--grace', '250', '--greeting', 'hi', '--workers', '2', '--redis', 'redis://127.0.0.1:6379'],
      ...['--cert', 'c.pem', '--key', 'k.pem', '--plugin', './a.js', '--plugin', 'team-handlers'],
      ...['--config', 'sb.json', '--log-format', 'json'],
    ]);
    expect(args).toEqual({
      listen: ['tcp://127.0.0.1:0', 'ws://127.0.0.1:0/chat'],
      handlers: ['greeting', 'broadcast'],
      settings: {
        maxConnections: 5,
        idleTimeout: 0,
        maxLineLength: 80,
        maxPayload: 4096,
        greeting: 'hi',
        cert: 'c.pem',
        key: 'k.pem',
      },
      graceMs: 250,
      workers: 2,
      logFormat: 'json',
      plugins: ['./a.js', 'team-handlers'],
      config: 'sb.json',
      redis: 'redis://127.0.0.1:6379',
      help: false,
    });
  });

  it('accepts time settings up to the longest delay a timer holds', () => {
    const args = parseServeArgs(['--idle-timeout', '2147483647', '--grace', '2147483647']);
    expect(args).toMatchObject({ settings: { idleTimeout: 2 ** 31 - 1 }, graceMs: 2 ** 31 - 1 });
  });

  it('reads --redis-channel', () => {
    expect(parseServeArgs(['--redis', 'redis://127.0.0.1:6379/2', '--redis-channel', 'app-two'])).toMatchObject({
      redis: 'redis://127.0.0.1:6379/2',
      redisChannel: 'app-two',
    });
  });

  it('reads --metrics', () => {
    expect(parseServeArgs(['--metrics', 'http://127.0.0.1:0/metrics'])).toMatchObject({
      metrics: 'http://127.0.0.1:0/metrics',
    });
  });

  it('leaves out what was not given', () => {
    expect(parseServeArgs(['--help', '--max-line', 'lots']).help).toBe(true);
    const args = parseServeArgs(['--listen', 'tcp://127.0.0.1:0']);
    expect(args).toMatchObject({ listen: ['tcp://127.0.0.1:0'], handlers: [], settings: {}, plugins: [], help: false });
    expect(args.graceMs).toBeUndefined();
  });

  it('reports every bad value at once, each under its flag', () => {
    const error = (() => {
      try {
        parseServeArgs(['--max-line', '0', '--grace=-1', '--codec', 'xml', '--log-level', 'loud']);
      } catch (err) {
        return err as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.issues.map((issue) => issue.path).sort()).toEqual([
      '--codec',
      '--grace',
      '--log-level',
      '--max-line',
    ]);
  });

  it('reads the listener options that were missing from the flags, under core names', () => {
    const args = parseServeArgs([
      ...['--codec', 'length-prefixed', '--max-frame', '4096', '--line-ending', 'crlf', '--notices', 'off'],
      ...['--heartbeat', '0', '--max-datagram', '1400', '--log-level', 'warn'],
    ]);
    expect(args.settings).toEqual({
      codec: 'length-prefixed',
      maxFrameLength: 4096,
      lineEnding: '\r\n',
      notices: false,
      heartbeatMs: 0,
      maxDatagramSize: 1400,
    });
    expect(args.logLevel).toBe('warn');
  });

  it.each([
    [['--max-conections', '3'], /Unknown option --max-conections .*\(did you mean --max-connections\?\)/],
    [['--nope'], /Unknown option --nope/],
    [['stray'], /Unexpected argument 'stray'/],
    [['--listen'], /Option --listen needs a value/],
    [['--max-connections', '0'], /--max-connections: must be a positive integer, got 0/],
    [['--workers', '1.5'], /--workers: must be a positive integer/],
    [['--grace', '-1'], /Option --grace needs a value/],
    [['--grace=-1'], /--grace: must be a non-negative integer/],
    [['--log-format', 'yaml'], /--log-format: must be one of plain, json/],
    [['--handler', ' , '], /--handler: needs at least one handler name/],
    [['--redis', 'localhost:6379'], /--redis: must be a redis:\/\/ or rediss:\/\/ URL$/],
    // The value is not echoed: the mistake may be in the scheme of a URL that holds a password.
    [['--redis', 'http://:s3cret@127.0.0.1'], /^--redis: must be a redis:\/\/ or rediss:\/\/ URL$/],
    [['--redis-channel='], /--redis-channel: must be a channel name of 1 to 256 characters/],
    [['--metrics', 'https://127.0.0.1:9464/metrics'], /--metrics: must be an http:\/\/host:port\/path URL/],
    [['--metrics', 'http://127.0.0.1/metrics'], /--metrics: must be an http:\/\/host:port\/path URL/],
    [['--metrics', 'http://u:s3cret@127.0.0.1:9464/m'], /^--metrics: must be an http:\/\/host:port\/path URL[^3]*$/],
    // Past 2^31-1 ms Node's timers fire after 1 ms: 30 days would cut every client at once.
    [['--idle-timeout', '2592000000'], /--idle-timeout: must be at most 2147483647 ms .*got 2592000000/],
    [['--grace', '2147483648'], /--grace: must be at most 2147483647 ms/],
    [['--max-line', String(2 ** 53)], /--max-line: must be at most 536870888 bytes/],
    [['--max-payload', '99999999999'], /--max-payload: must be at most \d+ bytes/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(UsageError);
    expect(() => parseServeArgs(argv)).toThrow(message);
  });
});
