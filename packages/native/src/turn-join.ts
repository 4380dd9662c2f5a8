/** The last join of this turn: receivers of one room's broadcasts hold the very same pieces. */
let lastParts: readonly Uint8Array[] = [];
let lastJoined: Buffer | undefined;
let forgetScheduled = false;
const forget = () => {
  lastParts = [];
  lastJoined = undefined;
  forgetScheduled = false;
};

/**
 * `parts` as one Buffer. A corked link (a broadcast receiver behind its queue) holds a turn's
 * lines as one buffer, not one Buffer per line; the next link holding the same pieces in the same
 * turn gets the same buffer, so a room's slow receivers share one copy.
 */
export function joinTurn(parts: readonly Uint8Array[]): Buffer {
  if (lastJoined !== undefined && samePieces(parts, lastParts)) return lastJoined;
  lastParts = parts;
  lastJoined = Buffer.concat(parts);
  if (!forgetScheduled) {
    forgetScheduled = true;
    // Kept for this turn's uncorks only.
    queueMicrotask(forget);
  }
  return lastJoined;
}

function samePieces(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
