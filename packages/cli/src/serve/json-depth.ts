/**
 * Whether a parsed JSON value nests arrays and objects deeper than `max`. Iterative, so that the
 * check cannot itself overflow the stack on the 200,000-deep value it exists to refuse.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
