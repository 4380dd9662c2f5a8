/** Cookies past this many in one header are ignored: a handler never needs more, and the map stays small. */
export const MAX_COOKIES = 100;

const EMPTY: ReadonlyMap<string, string> = new Map();

/**
 * The cookies of a `Cookie` header (`a=1; b=two%20words`) by name, values URI-decoded where they
 * decode (kept as sent where they do not). The first of a repeated name wins, as browsers send the
 * most specific path first. Never throws: the header is client text.
 */
export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  if (!header) return EMPTY;
  const cookies = new Map<string, string>();
  for (const part of header.split(';', MAX_COOKIES)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies.set(name, decode(value));
  }
  return cookies;
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
