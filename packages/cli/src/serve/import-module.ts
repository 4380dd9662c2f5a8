import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports a module named on the command line: a path (`./team/handlers.js`, absolute) is taken
 * from `cwd`; a package name is looked up from `cwd` first (the user's project), then from here.
 */
export async function importModule(spec: string, cwd = process.cwd()): Promise<Record<string, unknown>> {
  return (await import(moduleUrl(spec, cwd))) as Record<string, unknown>;
}

function moduleUrl(spec: string, cwd: string): string {
  if (isAbsolute(spec) || spec.startsWith('.')) return pathToFileURL(resolve(cwd, spec)).href;
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(spec)).href;
  } catch {
    // Not resolvable from the user's project (or ESM-only without a require condition): let Node try from here.
    return spec;
  }
}
