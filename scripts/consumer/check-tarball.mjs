// What a packed tarball must hold, and must not: read with zlib and a few lines of tar parsing,
// so the check needs no tar binary.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A NUL-terminated tar header field as text. */
function untilNul(bytes) {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** The regular files of a .tgz, by path (`package/…`), with their contents. */
export function readTarball(file) {
  const data = gunzipSync(readFileSync(file));
  const files = new Map();
  let longName;
  for (let offset = 0; offset + 512 <= data.length;) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start, length) => untilNul(header.subarray(start, start + length));
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const body = data.subarray(offset + 512, offset + 512 + size);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === 'L') longName = untilNul(body);
    else if (type === '0' || type === '7') files.set(name, body);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Every file an `exports` map or `bin` points at. */
function entryFiles(manifest) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  if (manifest.types) targets.push(manifest.types);
  if (manifest.main) targets.push(manifest.main);
  return targets.map((target) => `package/${target.replace(/^\.\//, '')}`);
}

/** Directories the package exports on purpose (core's `./testing`), which may hold test helpers. */
function exportedDirs(manifest) {
  return Object.keys(manifest.exports ?? {}).map((subpath) => subpath.replace(/^\.\/?/, ''));
}

/**
 * Problems with one tarball: missing LICENSE (the root's text), README, entry files; tests, test
 * fixtures or unexported test helpers shipped; `workspace:` ranges or internal versions not rewritten.
 */
export function checkTarball(file, { license, versions }) {
  const files = readTarball(file);
  const problems = [];
  const say = (text) => problems.push(`${basename(file)}: ${text}`);
  const manifest = JSON.parse(files.get('package/package.json')?.toString('utf8') ?? '{}');
  if (files.get('package/LICENSE')?.toString('utf8') !== license) say('LICENSE missing or not the root LICENSE');
  if (!files.has('package/README.md')) say('README.md missing');
  for (const entry of entryFiles(manifest)) if (!files.has(entry)) say(`${entry} (from exports/bin/main) missing`);
  const allowed = exportedDirs(manifest);
  for (const path of files.keys()) {
    if (/\.test\.[cm]?[jt]s$/.test(path) || path.includes('/test-fixtures/')) say(`ships a test file: ${path}`);
    const testing = /^package\/(?:src|dist)\/(.*testing)\//.exec(path);
    if (testing && !allowed.includes(testing[1])) say(`ships an unexported test helper: ${path}`);
  }
  const ranges = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
  for (const [name, range] of Object.entries(ranges)) {
    if (String(range).startsWith('workspace:')) say(`${name}: "${range}" was not rewritten by pnpm pack`);
    if (name in versions && range !== versions[name] && range !== `^${versions[name]}`) {
      say(`${name}: "${range}" does not name the packed version ${versions[name]}`);
    }
  }
  return problems;
}
