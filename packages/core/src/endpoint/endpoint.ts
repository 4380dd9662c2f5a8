import { SwitchboardError } from '../errors.js';

/** The transports a URL can name. */
export type Scheme = 'tcp' | 'tls' | 'unix' | 'ws' | 'wss';

/** A parsed listen or connect address. `path` is the socket file for unix, the URL path for ws. */
export interface Endpoint {
  readonly scheme: Scheme;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

const SCHEMES: ReadonlySet<string> = new Set<Scheme>(['tcp', 'tls', 'unix', 'ws', 'wss']);

/**
 * Parses `tcp://127.0.0.1:5000`, `tcp://[::1]:0`, `unix:///tmp/a.sock`, `ws://host:8080/chat`.
 * Throws BAD_URL naming the input when it is not one of those.
 */
export function parseEndpoint(url: string): Endpoint {
  const bad = (why: string) => new SwitchboardError('BAD_URL', `Invalid address "${url}": ${why}`);
  const match = /^([a-z]+):\/\/(.*)$/i.exec(url);
  if (!match) throw bad('expected scheme://host:port, e.g. tcp://127.0.0.1:5000');
  const scheme = match[1]!.toLowerCase();
  if (!SCHEMES.has(scheme)) throw bad(`unsupported scheme "${scheme}" (use tcp, tls, unix, ws or wss)`);
  if (scheme === 'unix') {
    const path = match[2]!;
    if (!path.startsWith('/')) throw bad('unix sockets need an absolute path, e.g. unix:///tmp/app.sock');
    return { scheme, host: '', port: 0, path };
  }
  let parsed: URL;
  try {
    parsed = new URL(`http://${match[2]}`);
  } catch {
    throw bad('host or port is malformed');
  }
  if (parsed.port === '' && !/:0(\/|$)/.test(match[2]!)) throw bad('a port is required (0 picks a free one)');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw bad('a host is required');
  const path = scheme === 'ws' || scheme === 'wss' ? parsed.pathname || '/' : '/';
  return { scheme: scheme as Scheme, host, port: Number(parsed.port || 0), path };
}

/** The URL of an endpoint, with `port` replaced (the real one after binding port 0). */
export function formatEndpoint(endpoint: Endpoint, port = endpoint.port): string {
  if (endpoint.scheme === 'unix') return `unix://${endpoint.path}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const path = endpoint.scheme === 'ws' || endpoint.scheme === 'wss' ? endpoint.path : '';
  return `${endpoint.scheme}://${host}:${port}${path}`;
}
