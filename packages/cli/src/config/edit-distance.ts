/** Names longer than this are not compared: a suggestion for a 10 kB key is not worth the work. */
const MAX_COMPARED_LENGTH = 64;

/**
 * Levenshtein distance between `a` and `b`, or `limit + 1` once it is known to exceed `limit`.
 * Two rows of `b.length + 1` numbers; each row stops early when all of it is past the limit.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/**
 * The known name closest to `word`, when it is close enough to be a slip (a third of its length,
 * at least 2, at most 3 edits); case differences alone always count as close.
 */
export function nearestName(word: string, names: Iterable<string>): string | undefined {
  if (word.length > MAX_COMPARED_LENGTH) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.min(3, Math.max(2, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    if (name.toLowerCase() === lower) return name;
    const distance = editDistance(lower, name.toLowerCase(), limit);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}
