import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled script the bench spawns (a server or the load generator), as a path under
 * dist/bench. From the compiled bench that is next door; from the TypeScript sources (tests) it is
 * the matching file under dist, which `tsc -b` builds.
 */
export function benchScript(relative: string): string {
  const path = fileURLToPath(new URL(relative, import.meta.url));
  return path.replace(`${sep}src${sep}bench${sep}`, `${sep}dist${sep}bench${sep}`);
}
