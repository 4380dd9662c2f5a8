/** The previous join, reused when the next link of the same flush holds the very same pieces. */
let lastParts: readonly (string | Uint8Array)[] = [];
let lastJoined: Buffer | undefined;
let clearScheduled = false;
const clearLast = () => {
  lastParts = [];
  lastJoined = undefined;
  clearScheduled = false;
};

/**
 * Writes held while a link is corked, given to the socket as one buffer on uncork. Node keeps
 * one queue entry (about 100 bytes) per write, so a receiver that does not read, holding a
 * short broadcast line per entry, costs several times the bytes it is owed; one buffer per turn
 * costs the bytes. Kept by the link once made, so a corked turn allocates no holder.
 */
export class HeldWrites {
  corked = false;
  /** Bytes held, counted as Node's `writableLength` counts them (string length for strings). */
  bytes = 0;
  private parts: (string | Uint8Array)[] = [];

  push(data: string | Uint8Array): void {
    this.parts.push(data);
    this.bytes += data.length;
  }

  /** What to write: the single piece as it is, or every piece joined once; undefined when none. */
  take(): string | Uint8Array | undefined {
    const parts = this.parts;
    this.bytes = 0;
    if (parts.length <= 1) {
      const only = parts.pop();
      return only;
    }
    this.parts = [];
    return joinShared(parts);
  }

  /** Forgets what is held (the link is destroyed). */
  drop(): void {
    this.parts = [];
    this.bytes = 0;
  }
}

/**
 * `parts` as one Buffer. A Hub flush uncorks every receiver of a room in a row, and receivers of
 * one sender hold the same encoded pieces: the next link holding the very same pieces in the same
 * turn gets the same buffer, so a room's receivers share one joined copy instead of one copy each.
 * For every transport's links (node:net's here, the native one's corked queues).
 */
export function joinShared(parts: readonly (string | Uint8Array)[]): Buffer {
  if (lastJoined !== undefined && sameParts(parts, lastParts)) return lastJoined;
  const joined = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  lastParts = parts;
  lastJoined = joined;
  if (!clearScheduled) {
    clearScheduled = true;
    // Hold on to the pieces only for the current turn.
    queueMicrotask(clearLast);
  }
  return joined;
}

function sameParts(a: readonly (string | Uint8Array)[], b: readonly (string | Uint8Array)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
