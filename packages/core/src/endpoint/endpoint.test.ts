import { describe, expect, it } from 'vitest';
import { formatEndpoint, MAX_UNIX_PATH_BYTES, parseEndpoint } from './endpoint.js';

describe('parseEndpoint', () => {
  it('parses tcp over IPv4 and IPv6', () => {
    expect(parseEndpoint('tcp://127.0.0.1:5055')).toEqual({ scheme: 'tcp', host: '127.0.0.1', port: 5055, path: '/' });
    expect(parseEndpoint('tcp://[::1]:0')).toMatchObject({ scheme: 'tcp', host: '::1', port: 0 });
    expect(parseEndpoint('TCP://localhost:80')).toMatchObject({ scheme: 'tcp', host: 'localhost', port: 80 });
    expect(parseEndpoint('tcp://0.0.0.0:65535')).toMatchObject({ host: '0.0.0.0', port: 65535 });
  });

  it('parses unix socket paths', () => {
    expect(parseEndpoint('unix:///tmp/app.sock')).toEqual({ scheme: 'unix', host: '', port: 0, path: '/tmp/app.sock' });
  });

  it('refuses a unix path the kernel would truncate, naming the limit', () => {
    const longest = `/${'a'.repeat(MAX_UNIX_PATH_BYTES - 1)}`;
    expect(parseEndpoint(`unix://${longest}`).path).toBe(longest);
    expect(() => parseEndpoint(`unix://${longest}b`)).toThrow(
      expect.objectContaining({ code: 'BAD_URL', message: expect.stringContaining(`at most ${MAX_UNIX_PATH_BYTES}`) }),
    );
    // Bytes, not characters: a multi-byte name hits the limit sooner.
    expect(() => parseEndpoint(`unix:///${'é'.repeat(60)}`)).toThrow(expect.objectContaining({ code: 'BAD_URL' }));
  });

  it('parses ws with a path, and defaults the path to /', () => {
    expect(parseEndpoint('ws://127.0.0.1:8088/chat')).toMatchObject({ scheme: 'ws', port: 8088, path: '/chat' });
    expect(parseEndpoint('wss://example.com:443')).toMatchObject({ scheme: 'wss', port: 443, path: '/' });
    expect(parseEndpoint('ws://[::1]:80/a/b?x=1')).toMatchObject({ host: '::1', port: 80, path: '/a/b' });
  });

  it('rejects malformed addresses with BAD_URL naming the input', () => {
    const bad = [
      '127.0.0.1:5055',
      'http://127.0.0.1:80',
      'tcp://127.0.0.1',
      'tcp://:5055',
      'tcp://127.0.0.1:99999',
      'tcp://127.0.0.1:port',
      'tcp://[not-v6]:1',
      'tcp://a b:1',
      'tcp://::1:5055',
      'unix://relative.sock',
      '',
    ];
    for (const url of bad) {
      let caught: unknown;
      try {
        parseEndpoint(url);
      } catch (err) {
        caught = err;
      }
      expect(caught, url).toMatchObject({ code: 'BAD_URL' });
      expect((caught as Error).message).toContain(`"${url}"`);
    }
  });
});

describe('formatEndpoint', () => {
  it('round-trips and substitutes the real port', () => {
    expect(formatEndpoint(parseEndpoint('tcp://[::1]:0'), 4242)).toBe('tcp://[::1]:4242');
    expect(formatEndpoint(parseEndpoint('ws://127.0.0.1:0/chat'), 81)).toBe('ws://127.0.0.1:81/chat');
    expect(formatEndpoint(parseEndpoint('unix:///tmp/a.sock'))).toBe('unix:///tmp/a.sock');
  });
});
