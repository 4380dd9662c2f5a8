import { isIP } from 'node:net';
import { SwitchboardError } from '../errors.js';

/** Origins a browser on this machine may use by default (any port): handy in development. */
export const LOOPBACK_ORIGINS: readonly string[] = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];

/** Decides whether a WebSocket upgrade's Origin header is acceptable. */
export type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

/**
 * Builds the check for one listener. A request without Origin (not a browser) passes, and so does
 * a same-origin page (Origin host equals the Host header) reached by IP address or `localhost`.
 * A same-origin page reached by a host name must be listed: a page on an attacker's name that
 * resolves to this machine (DNS rebinding) is same-origin too. Other origins must match `allowed`:
 * `*` for any, `https://app.example.com` exactly, or `http://localhost:*` for any port.
 * Without `allowed`, the loopback origins pass: a page on another local port may connect.
 */
export function createOriginCheck(allowed: readonly string[] = LOOPBACK_ORIGINS): OriginCheck {
  const any = allowed.includes('*');
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  for (const entry of allowed) {
    if (entry === '*') continue;
    if (entry !== 'null' && !parseOrigin(entry.endsWith(':*') ? entry.slice(0, -2) : entry)) {
      throw new SwitchboardError(
        'BAD_OPTION',
        `allowedOrigins entry "${entry}" is not an origin (https://host[:port], http://host:*, null or *)`,
      );
    }
    if (entry.endsWith(':*')) anyPort.add(entry.slice(0, -2).toLowerCase());
    else exact.add(normalizeOrigin(entry) ?? entry);
  }
  return (origin, host) => {
    if (origin === undefined || any) return true;
    const url = parseOrigin(origin);
    if (!url) return exact.has(origin);
    if (host !== undefined && isAddressOrLocalhost(url.hostname) && sameHost(url, host)) return true;
    return exact.has(url.origin) || anyPort.has(`${url.protocol}//${url.hostname}`);
  };
}

function sameHost(origin: URL, host: string): boolean {
  try {
    // Parsing the Host header with the page's scheme drops the default port the same way.
    return new URL(`${origin.protocol}//${host}`).host === origin.host;
  } catch {
    return false;
  }
}

/** An IP literal or `localhost`: names no DNS answer can point elsewhere. */
function isAddressOrLocalhost(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || isIP(bare) !== 0;
}

function parseOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function normalizeOrigin(entry: string): string | undefined {
  return parseOrigin(entry)?.origin;
}
