// Builds the addon against the running Node's own headers (no download). Never fails the install:
// without a compiler, or on another OS, the package falls back to the JS transport at run time.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const nodePrefix = dirname(dirname(process.execPath));

function notice(why) {
  console.warn(`@switchboard/native: addon not built (${why}); tcp:// will use the JS transport.`);
}

/** node-gyp: our devDependency if installed, else the copy bundled with npm. */
function findNodeGyp() {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmDirs = [
      join(nodePrefix, 'lib/node_modules/npm'),
      process.env.npm_execpath && dirname(dirname(process.env.npm_execpath)),
    ];
    for (const dir of npmDirs) {
      const candidate = dir && join(dir, 'node_modules/node-gyp/bin/node-gyp.js');
      if (candidate && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** A command on PATH (or an absolute path), as the build would find it. */
function found(command) {
  return spawnSync('sh', ['-c', `command -v "${command}"`], { stdio: 'ignore' }).status === 0;
}

/** The line of node-gyp's output that says what went wrong (a compiler error, a missing tool). */
function whyFailed(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const told = lines.find(
    (line) => / error[: ]|Error: |not found|No such file/.test(line) && !line.startsWith('gyp ERR! stack'),
  );
  return told ?? lines.filter((line) => !line.startsWith('gyp ERR!')).at(-1) ?? lines.at(-1) ?? 'no output';
}

function build() {
  if (process.env.SWITCHBOARD_NATIVE_SKIP_BUILD === '1') return notice('SWITCHBOARD_NATIVE_SKIP_BUILD=1');
  if (process.platform !== 'linux') return notice(`${process.platform} has no epoll`);
  if (!existsSync(join(nodePrefix, 'include/node/node_api.h')))
    return notice(`no Node headers under ${nodePrefix}/include/node`);
  const compiler = process.env.CXX ?? 'g++';
  for (const tool of [compiler, 'make', 'python3']) if (!found(tool)) return notice(`${tool} not found`);
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) return notice('node-gyp not found');
  const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodePrefix}`, '--loglevel=error'], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    return notice(
      `node-gyp failed: ${result.error?.message ?? whyFailed(`${result.stderr ?? ''}\n${result.stdout ?? ''}`)}`,
    );
  }
  console.log('@switchboard/native: addon built');
}

try {
  build();
} catch (err) {
  notice(err instanceof Error ? err.message : String(err));
}
