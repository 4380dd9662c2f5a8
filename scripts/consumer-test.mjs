#!/usr/bin/env node
// The consumer test: our packages as a team gets them from a registry. Builds, packs core,
// handlers, redis and cli with pnpm, installs the tarballs with npm into a scratch project outside
// the workspace (third-party packages from the npm registry), compiles a handler written against
// the README's API under strict tsc with skipLibCheck off, serves it and does a real round trip,
// then runs the installed `switchboard` bin. Needs only node, npm and the npm registry.
//
//   pnpm test:consumer     (or: node scripts/consumer-test.mjs [--keep] [--no-build])
// --keep leaves the scratch directory; --no-build packs the dist/ already there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { checkTarball } from './consumer/check-tarball.mjs';
import { checkCli } from './consumer/check-cli.mjs';
import { checkRedis } from './consumer/check-redis.mjs';
import { writeEntries, writeScratchProject } from './consumer/scratch-project.mjs';

const ROOT = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
/** What a team installs, in dependency order. */
const PACKAGES = ['core', 'handlers', 'redis', 'cli'];

const failures = [];
const keep = process.argv.includes('--keep');
const build = !process.argv.includes('--no-build');
const work = realpathSync(mkdtempSync(join(tmpdir(), 'switchboard-consumer-')));

function log(message) {
  console.log(`consumer-test: ${message}`);
}

/** Runs a command to completion; its output is shown only when it fails. */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status ?? result.signal}\n${output}`);
  }
  return result.stdout;
}

/** Runs one step; a failure is recorded and the next steps still run unless `fatal`. */
async function step(name, body, { fatal = false } = {}) {
  log(name);
  try {
    return await body();
  } catch (error) {
    failures.push(name);
    log(`FAILED ${name}\n${error instanceof Error ? error.message : String(error)}`);
    if (fatal) finish();
    return undefined;
  }
}

function finish() {
  if (failures.length === 0) {
    if (!keep) rmSync(work, { recursive: true, force: true });
    log('PASS (packed, installed with npm, type-checked with skipLibCheck off, served, switchboard bin run)');
    process.exit(0);
  }
  log(`scratch files kept in ${work}`);
  log(`FAIL: ${failures.join('; ')}`);
  process.exit(1);
}

function packPackages() {
  if (relative(ROOT, work).startsWith('..') === false) throw new Error(`${work} is inside the workspace`);
  const tarballs = {};
  for (const name of PACKAGES) {
    const out = run('pnpm', ['pack', '--pack-destination', join(work, 'tarballs')], join(ROOT, 'packages', name));
    const file = out.trim().split('\n').pop().trim();
    if (!file.endsWith('.tgz') || !existsSync(file))
      throw new Error(`pnpm pack printed no tarball for ${name}:\n${out}`);
    tarballs[`@switchboard/${name}`] = file;
  }
  return tarballs;
}

function checkTarballs(tarballs) {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  const versions = Object.fromEntries(
    PACKAGES.map((name) => [`@switchboard/${name}`, readJson(join(ROOT, 'packages', name, 'package.json')).version]),
  );
  const problems = Object.values(tarballs).flatMap((file) => checkTarball(file, { license, versions }));
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Versions the scratch project installs: typescript exactly as the repo has it, the rest by range. */
function toolVersions() {
  const rootPackage = readJson(join(ROOT, 'package.json'));
  const corePackage = readJson(join(ROOT, 'packages', 'core', 'package.json'));
  return {
    typescript: readJson(join(ROOT, 'node_modules', 'typescript', 'package.json')).version,
    '@types/node': rootPackage.devDependencies['@types/node'],
    tsyringe: corePackage.dependencies.tsyringe,
    'reflect-metadata': corePackage.dependencies['reflect-metadata'],
  };
}

function install(app) {
  run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], app);
  const lock = readJson(join(app, 'package-lock.json'));
  const ours = Object.entries(lock.packages).filter(([path]) => path.includes('node_modules/@switchboard/'));
  const fromRegistry = ours.filter(([, entry]) => !String(entry.resolved).startsWith('file:'));
  if (ours.length !== PACKAGES.length || fromRegistry.length > 0) {
    throw new Error(`@switchboard packages not all from the tarballs: ${JSON.stringify(Object.fromEntries(ours))}`);
  }
  const thirdParty = Object.keys(lock.packages).filter((path) => path !== '' && !path.includes('@switchboard/'));
  log(`installed ${PACKAGES.length} tarballs and ${thirdParty.length} third-party packages`);
}

function typeCheck(app, project) {
  run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], app);
}

const tarballs = await step(
  'build and pack',
  () => {
    if (build) run('pnpm', ['run', 'build'], ROOT);
    return packPackages();
  },
  { fatal: true },
);
await step('tarball contents (LICENSE, README, entry points, no tests, no workspace: ranges)', () =>
  checkTarballs(tarballs),
);
const app = join(work, 'app');
writeScratchProject(app, { tarballs, versions: toolVersions() });
await step(`npm install in ${app}`, () => install(app), { fatal: true });
writeEntries(app, tarballs, (name) => join(app, 'node_modules', name));
await step('tsc: the README handler, strict, skipLibCheck off', () => typeCheck(app, 'tsconfig.json'));
await step('tsc: every exported entry point and every README example, skipLibCheck off', () =>
  typeCheck(app, 'tsconfig.entries.json'),
);
await step('run: Reactor on tcp://127.0.0.1:0 serving the handler, one round trip', () => {
  log(run(process.execPath, ['dist/main.js'], app).trim());
});
await step('switchboard bin: serve --handler echo, one round trip, SIGTERM, exit 0', () => checkCli(app, log));
await step('switchboard bin: --redis (the backplane across two processes; missing package named)', () =>
  checkRedis(app, log),
);
finish();
