import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));

// Tests import each workspace package from its TypeScript source, so they need no build step;
// the CLI tests that spawn a process use the build that `pnpm test` runs first.
export default defineConfig({
  resolve: {
    alias: [
      // Subpaths first: the last pattern would not match them, but an edit that widened it would.
      { find: /^@switchboard\/core\/testing$/, replacement: `${packages}core/src/testing/index.ts` },
      { find: /^@switchboard\/core\/transport$/, replacement: `${packages}core/src/transport/index.ts` },
      { find: /^@switchboard\/native\/direct-send$/, replacement: `${packages}native/src/direct-send.ts` },
      { find: /^@switchboard\/([a-z]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  // Test files sit outside the packages' tsconfig "include", so Oxc would not see experimentalDecorators
  // there; a test that declares a handler with @handler/@inject needs the same legacy decorators as src.
  oxc: { decorator: { legacy: true } },
  test: {
    include: ['packages/*/src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
