import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled C load generator, or why there is none. */
export type CLoadgen = { readonly path: string } | { readonly missing: string };

/** The two programs: request/response (echo, talkback) and broadcast fan-out. */
export type CProgram = 'loadgen' | 'broadcast-loadgen';

/** Each program's main file first, then the headers it includes (all hashed). */
const SOURCES: Record<CProgram, readonly string[]> = {
  loadgen: ['loadgen.c', 'histogram.h', 'loadgen-kit.h'],
  'broadcast-loadgen': ['broadcast-loadgen.c', 'histogram.h', 'loadgen-kit.h', 'ws-frame.h'],
};

/** The C sources sit in src/ (tsc copies no .c files), whether this runs from src or from dist. */
function sourceDir(): string {
  return fileURLToPath(new URL('.', import.meta.url)).replace(
    `${sep}dist${sep}bench${sep}`,
    `${sep}src${sep}bench${sep}`,
  );
}

/** node_modules/.cache of the examples package, or the OS temp dir where that cannot be written. */
function cacheDir(): string {
  const packageCache = fileURLToPath(new URL('../../../node_modules/.cache/switchboard-bench/', import.meta.url));
  for (const dir of [packageCache, join(tmpdir(), 'switchboard-bench')]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // not writable: try the next one
    }
  }
  return tmpdir();
}

const built = new Map<CProgram, CLoadgen>();

/**
 * Builds a C load generator with the machine's `cc -O2` on first use (once per process), into a
 * cache named by the sources' hash, so a changed source is rebuilt and an unchanged one is not.
 */
export function cLoadgen(program: CProgram = 'loadgen'): CLoadgen {
  let result = built.get(program);
  if (!result) built.set(program, (result = build(program)));
  return result;
}

function build(program: CProgram): CLoadgen {
  const dir = sourceDir();
  const hash = createHash('sha256');
  for (const name of SOURCES[program]) {
    const file = join(dir, name);
    if (!existsSync(file)) return { missing: `its source ${file} is missing` };
    hash.update(readFileSync(file));
  }
  const binary = join(cacheDir(), `${program}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return { path: binary };
  // Built under a private name, then renamed: a bench and a test building at once never run half a file.
  const partial = `${binary}.${process.pid}.tmp`;
  const cc = spawnSync('cc', ['-O2', '-o', partial, join(dir, SOURCES[program][0]!)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (cc.error) return { missing: `cc is not available (${cc.error.message})` };
  if (cc.status !== 0) {
    rmSync(partial, { force: true });
    return { missing: `cc failed: ${cc.stderr.trim().split('\n').slice(0, 3).join(' ')}` };
  }
  renameSync(partial, binary);
  removeOlderBuilds(program, binary);
  return { path: binary };
}

/** Builds of a program's earlier sources are never run again. */
function removeOlderBuilds(program: CProgram, current: string): void {
  const dir = dirname(current);
  const older = new RegExp(`^${program}-[0-9a-f]{16}$`);
  for (const name of readdirSync(dir)) {
    if (older.test(name) && name !== basename(current)) rmSync(join(dir, name), { force: true });
  }
}
