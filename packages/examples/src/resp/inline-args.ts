const SPACE = 0x20;
const DOUBLE = 0x22;
const SINGLE = 0x27;
const BACKSLASH = 0x5c;

/** What Redis takes as a separator between inline arguments. */
function isSeparator(byte: number): boolean {
  return byte === SPACE || (byte >= 0x09 && byte <= 0x0d) || byte === 0;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `\n` and friends inside double quotes; any other escaped byte stands for itself. */
const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 };

/**
 * Splits an inline command (`SET "a b" 'c'`) the way redis-server does for clients such as `nc`:
 * arguments separated by blanks; "double quotes" with `\xHH`, `\n`, `\r`, `\t`, `\b`, `\a`
 * escapes; 'single quotes' with `\'` only; a closing quote must end its argument. Undefined for
 * unbalanced quotes. One pass over the bytes: linear in the line.
 */
export function splitInlineArgs(line: Buffer, start: number, end: number): Buffer[] | undefined {
  const args: Buffer[] = [];
  let p = start;
  for (;;) {
    while (p < end && isSeparator(line[p]!)) p++;
    if (p >= end) return args;
    const bytes: number[] = [];
    let quote = 0;
    for (;;) {
      const byte = line[p];
      if (quote === 0) {
        if (byte === undefined || p >= end || isSeparator(byte)) break;
        if (byte === DOUBLE || byte === SINGLE) quote = byte;
        else bytes.push(byte);
        p++;
        continue;
      }
      if (p >= end) return undefined; // the line ended inside quotes
      if (byte === quote) {
        p++;
        if (p < end && !isSeparator(line[p]!)) return undefined; // "a"b
        break;
      }
      if (byte === BACKSLASH && p + 1 < end) {
        p += quote === DOUBLE ? escapeInDouble(line, p, end, bytes) : escapeInSingle(line, p, bytes);
        continue;
      }
      bytes.push(byte!);
      p++;
    }
    args.push(Buffer.from(bytes));
  }
}

/** Appends what the escape at `p` stands for; returns how many bytes it took. */
function escapeInDouble(line: Buffer, p: number, end: number, bytes: number[]): number {
  const next = line[p + 1]!;
  if (next === 0x78 && p + 3 < end) {
    const high = hexValue(line[p + 2]);
    const low = hexValue(line[p + 3]);
    if (high >= 0 && low >= 0) {
      bytes.push(high * 16 + low);
      return 4;
    }
  }
  bytes.push(ESCAPES[next] ?? next);
  return 2;
}

function escapeInSingle(line: Buffer, p: number, bytes: number[]): number {
  if (line[p + 1] === SINGLE) {
    bytes.push(SINGLE);
    return 2;
  }
  bytes.push(BACKSLASH);
  return 1;
}
