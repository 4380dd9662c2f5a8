import { isIP } from 'node:net';
import { SwitchboardError } from '../errors.js';

/** The transports a URL can name. */
export type Scheme = 'tcp' | 'tls' | 'unix' | 'ws' | 'wss' | 'udp';

/** A parsed listen or connect address. `path` is the socket file for unix, the URL path for ws. */
export interface Endpoint {
  readonly scheme: Scheme;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/** A host name or an IPv4 address (IPv6 comes in brackets). */
const HOST = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/i;
/** sun_path holds 108 bytes on Linux (104 on macOS and the BSDs), one of them the final NUL. */
export const MAX_UNIX_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

const SCHEMES: ReadonlySet<string> = new Set<Scheme>(['tcp', 'tls', 'unix', 'ws', 'wss', 'udp']);

/**
 * Parses `tcp://127.0.0.1:5000`, `tcp://[::1]:0`, `unix:///tmp/a.sock`, `ws://host:8080/chat`,
 * `udp://127.0.0.1:5000`.
 * Throws BAD_URL naming the input when it is not one of those.
 */
export function parseEndpoint(url: string): Endpoint {
  const bad = (why: string) => new SwitchboardError('BAD_URL', `Invalid address "${url}": ${why}`);
  const match = /^([a-z]+):\/\/(.*)$/i.exec(url);
  if (!match) throw bad('expected scheme://host:port, e.g. tcp://127.0.0.1:5000');
  const scheme = match[1]!.toLowerCase();
  if (!SCHEMES.has(scheme)) throw bad(`unsupported scheme "${scheme}" (use tcp, tls, unix, ws, wss or udp)`);
  if (scheme === 'unix') {
    const path = match[2]!;
    if (!path.startsWith('/')) throw bad('unix sockets need an absolute path, e.g. unix:///tmp/app.sock');
    // The kernel would silently cut a longer path: bind a truncated name, and leave that file behind.
    const bytes = Buffer.byteLength(path);
    if (bytes > MAX_UNIX_PATH_BYTES) {
      throw bad(`the socket path is ${bytes} bytes; this system allows at most ${MAX_UNIX_PATH_BYTES}`);
    }
    return { scheme, host: '', port: 0, path };
  }
  // Parsed by hand: WHATWG URL drops a port that is the default for its scheme (":80").
  const hostPort = /^(\[[^\]/]*\]|[^:/[\]]*):(\d{1,5})(\/[^?#]*)?([?#].*)?$/.exec(match[2]!);
  if (!hostPort) throw bad('expected host:port, e.g. 127.0.0.1:5000 or [::1]:5000 (0 picks a free port)');
  const [, rawHost, rawPort, rawPath] = hostPort;
  const host = rawHost!.startsWith('[') ? rawHost!.slice(1, -1) : rawHost!;
  if (host === '') throw bad('a host is required');
  if (rawHost!.startsWith('[') ? isIP(host) !== 6 : !HOST.test(host)) throw bad(`"${host}" is not a valid host`);
  const port = Number(rawPort);
  if (port > 65535) throw bad(`port ${port} is out of range (0-65535)`);
  const path = scheme === 'ws' || scheme === 'wss' ? rawPath || '/' : '/';
  return { scheme: scheme as Scheme, host, port, path };
}

/** The URL of an endpoint, with `port` replaced (the real one after binding port 0). */
export function formatEndpoint(endpoint: Endpoint, port = endpoint.port): string {
  if (endpoint.scheme === 'unix') return `unix://${endpoint.path}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const path = endpoint.scheme === 'ws' || endpoint.scheme === 'wss' ? endpoint.path : '';
  return `${endpoint.scheme}://${host}:${port}${path}`;
}
