/**
 * Makes client text safe to show to others on one line: every character that could break a line,
 * move a terminal's cursor, reorder what is shown or hide itself is written as a visible escape —
 * LF as `\n`, CR as `\r`, other C0, DEL and C1 controls as `\x1b`, bidi and invisible format
 * characters as `\u202e` (`\u{e0041}` above the BMP). TAB passes: it cannot break a line. A
 * backslash is left as it is, so the escapes are for people to read, not to decode.
 *
 * One scan; text with nothing to escape is returned as it is, without allocating.
 */
export function visibleText(text: string): string {
  // Printable ASCII and TAB, the usual case, pass in one regular-expression scan (half the time of
  // a charCodeAt loop, less still on a line sliced from its read); the loop starts at the first other character.
  const first = text.search(NOT_PLAIN_ASCII);
  if (first === -1) return text;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (hiddenAt(text, i, c)) return escapeFrom(text, i);
  }
  return text;
}

const NOT_PLAIN_ASCII = /[^\t\x20-\x7e]/;

function escapeFrom(text: string, first: number): string {
  let out = text.slice(0, first);
  let from = first;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || !hiddenAt(text, i, c)) continue;
    const cp = text.codePointAt(i)!;
    out += text.slice(from, i) + escapeOf(cp);
    i += cp > 0xffff ? 1 : 0;
    from = i + 1;
  }
  return out + text.slice(from);
}

function escapeOf(cp: number): string {
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/** Whether the character at `i` (code unit `c`, not printable ASCII) must be escaped. */
function hiddenAt(text: string, i: number, c: number): boolean {
  if (c < 0x20) return c !== 0x09;
  if (c <= 0x9f) return c >= 0x7f; // DEL and C1 (NEL among them)
  if (c < 0x0600) return c === 0xad; // soft hyphen: invisible
  if (c >= 0xd800 && c <= 0xdbff) return hiddenAstral(text.codePointAt(i)!);
  if (c === 0x200c || c === 0x200d) return !joinsLetters(text, i);
  return hiddenBmp(c);
}

function hiddenBmp(c: number): boolean {
  return (
    c === 0x061c || // Arabic letter mark (bidi)
    c === 0x180e || // Mongolian vowel separator (invisible)
    (c >= 0x200b && c <= 0x200f) || // zero-width space, joiners, LRM, RLM
    (c >= 0x2028 && c <= 0x202e) || // line and paragraph separators, bidi embeddings and overrides
    (c >= 0x2060 && c <= 0x206f) || // word joiner, invisible operators, bidi isolates, deprecated formats
    c === 0xfeff || // zero-width no-break space (BOM)
    (c >= 0xfff9 && c <= 0xfffb) // interlinear annotation
  );
}

function hiddenAstral(cp: number): boolean {
  return (
    (cp >= 0x1bca0 && cp <= 0x1bca3) || // shorthand format controls
    (cp >= 0x1d173 && cp <= 0x1d17a) || // musical format controls
    (cp >= 0xe0000 && cp <= 0xe007f) // tag characters: invisible ASCII look-alikes
  );
}

/**
 * ZWJ and ZWNJ are part of emoji sequences (👩‍💻) and of Persian and Indic spelling, so they pass
 * between two characters beyond Latin (U+0370 up); next to Latin text, another joiner or an edge
 * they only hide a difference. Looks at the neighbours only: constant time.
 */
function joinsLetters(text: string, i: number): boolean {
  return joinable(i > 0 ? text.charCodeAt(i - 1) : 0) && joinable(i + 1 < text.length ? text.charCodeAt(i + 1) : 0);
}

function joinable(c: number): boolean {
  return c >= 0x0370 && c !== 0x200c && c !== 0x200d && !hiddenBmp(c);
}
