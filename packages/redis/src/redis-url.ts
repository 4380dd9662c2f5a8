import { SwitchboardError } from '@switchboard/core';
import { redactUrl } from './redact-url.js';

/** Where and how to reach Redis, read from a `redis://` or `rediss://` (TLS) URL. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username?: string;
  readonly password?: string;
  /** The URL with its credentials hidden, for messages. */
  readonly display: string;
}

/** Parses `redis://[user:password@]host[:port][/db]`; anything else is BAD_URL (credentials hidden). */
export function parseRedisUrl(url: string): RedisAddress {
  const display = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SwitchboardError('BAD_URL', `Bad Redis URL "${display}": not a URL`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SwitchboardError('BAD_URL', `Bad Redis URL "${display}": the scheme must be redis:// or rediss://`);
  }
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port,
    tls: parsed.protocol === 'rediss:',
    ...(username !== '' ? { username } : {}),
    ...(password !== '' ? { password } : {}),
    display,
  };
}
