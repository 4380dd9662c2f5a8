/** One position of a compiled pattern. */
type Token =
  | { readonly kind: 'star' }
  | { readonly kind: 'any' }
  | { readonly kind: 'byte'; readonly byte: number }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly number[] };

const STAR: Token = { kind: 'star' };
const ANY: Token = { kind: 'any' };

/**
 * A Redis-style glob (`*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes) compiled once and matched
 * against many keys, byte by byte (keys and pattern as latin1 strings, one char per byte).
 *
 * The matcher never backtracks more than to the last `*`: when a later part fails it moves that
 * star's start one key byte on and retries. Earlier stars never need revisiting (the last star
 * can absorb whatever they would have), so one match costs at most O(pattern × key) steps, on
 * any pattern a client sends — no exponential blow-up like a naive recursive matcher on `*a*a*a*b`.
 */
export class GlobPattern {
  private readonly tokens: readonly Token[];
  /** Steps the last match took: what the bound above is about (tests check it). */
  steps = 0;

  constructor(pattern: string) {
    this.tokens = compile(pattern);
  }

  matches(key: string): boolean {
    const tokens = this.tokens;
    let t = 0;
    let k = 0;
    let starToken = -1;
    let starKey = 0;
    let steps = 0;
    while (k < key.length) {
      steps++;
      const token = tokens[t];
      if (token?.kind === 'star') {
        starToken = t++;
        starKey = k;
      } else if (token !== undefined && matchesByte(token, key.charCodeAt(k))) {
        t++;
        k++;
      } else if (starToken >= 0) {
        t = starToken + 1;
        k = ++starKey;
      } else {
        this.steps = steps;
        return false;
      }
    }
    this.steps = steps;
    while (tokens[t]?.kind === 'star') t++;
    return t === tokens.length;
  }
}

function matchesByte(token: Token, byte: number): boolean {
  switch (token.kind) {
    case 'any':
      return true;
    case 'byte':
      return token.byte === byte;
    case 'class': {
      let inside = false;
      for (let i = 0; i < token.ranges.length && !inside; i += 2) {
        inside = byte >= token.ranges[i]! && byte <= token.ranges[i + 1]!;
      }
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charCodeAt(i);
    if (c === 0x2a) {
      // Consecutive stars are one star.
      if (tokens.at(-1)?.kind !== 'star') tokens.push(STAR);
      i++;
    } else if (c === 0x3f) {
      tokens.push(ANY);
      i++;
    } else if (c === 0x5b) {
      i = compileClass(pattern, i + 1, tokens);
    } else if (c === 0x5c && i + 1 < pattern.length) {
      tokens.push({ kind: 'byte', byte: pattern.charCodeAt(i + 1) });
      i += 2;
    } else {
      tokens.push({ kind: 'byte', byte: c });
      i++;
    }
  }
  return tokens;
}

/** `[…]` from just after the `[`; returns the index after the `]` (or the end, if it is missing). */
function compileClass(pattern: string, start: number, tokens: Token[]): number {
  let i = start;
  const negated = pattern.charCodeAt(i) === 0x5e;
  if (negated) i++;
  const ranges: number[] = [];
  while (i < pattern.length && pattern.charCodeAt(i) !== 0x5d) {
    let low = pattern.charCodeAt(i);
    if (low === 0x5c && i + 1 < pattern.length) low = pattern.charCodeAt(++i);
    if (pattern.charCodeAt(i + 1) === 0x2d && i + 2 < pattern.length && pattern.charCodeAt(i + 2) !== 0x5d) {
      let high = pattern.charCodeAt(i + 2);
      if (high === 0x5c && i + 3 < pattern.length) high = pattern.charCodeAt(++i + 2);
      ranges.push(Math.min(low, high), Math.max(low, high));
      i += 3;
    } else {
      ranges.push(low, low);
      i++;
    }
  }
  tokens.push({ kind: 'class', negated, ranges });
  return i + 1;
}
