#!/usr/bin/env node
// Bundles what tsc emitted for the packages on every server's load path (core, handlers) into a
// few modules per package under dist/bundle/, which their package.json exports point at.
//
// Why: a server that loads core as ~60 separate ES modules pays for each one at startup (resolving,
// reading, a module record, its source text), and that garbage-heavy startup makes V8 promote so
// much that the young generation grows to twice raw node:net's and stays there under load (longer
// scavenges, a worse echo tail). Bundled, startup promotes ~0.6 MB less and the young generation
// ends where raw node:net's does. Run by `pnpm build` after `tsc -b`; dependencies (tsyringe, ws,
// the other @switchboard packages, node:*) stay imports, so a process still shares one of each.
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { rolldown } from 'rolldown';

/** Each bundled package: its export subpath → the tsc output that is its entry. */
const PACKAGES = {
  core: { index: 'index.js', 'transport/index': 'transport/index.js', 'testing/index': 'testing/index.js' },
  handlers: { index: 'index.js' },
};

/** A bare specifier or a node: builtin is a dependency, loaded at run time, never inlined. */
const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/');

/** tsc's own source maps are carried into the bundle's, so stack traces still point at src/*.ts. */
const tscSourceMaps = {
  name: 'tsc-source-maps',
  load(id) {
    if (!id.endsWith('.js')) return null;
    const code = readFileSync(id, 'utf8');
    try {
      return { code, map: readFileSync(`${id}.map`, 'utf8') };
    } catch {
      return { code };
    }
  },
};

for (const [name, entries] of Object.entries(PACKAGES)) {
  const dist = fileURLToPath(new URL(`../packages/${name}/dist/`, import.meta.url));
  const input = Object.fromEntries(Object.entries(entries).map(([out, file]) => [out, dist + file]));
  const bundle = await rolldown({ input, platform: 'node', external: isDependency, plugins: [tscSourceMaps] });
  await bundle.write({
    dir: `${dist}bundle`,
    format: 'esm',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // Doc comments are for readers of src/ and the .d.ts files; at run time they are only source text.
    comments: { jsdoc: false, legal: true, annotation: true },
  });
  await bundle.close();
}
