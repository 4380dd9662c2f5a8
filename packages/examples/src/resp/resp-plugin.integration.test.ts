import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { REDIS_CLI, redisCli, requireTool } from './resp-test-clients.js';

/** The built CLI (`pnpm test` builds first) and the repository root, where users run it from. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI_BIN = `${ROOT}packages/cli/dist/bin.js`;
const PLUGIN_BUILT = existsSync(`${ROOT}packages/examples/dist/resp/index.js`);

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Starts `switchboard serve …` from the repository root; resolves with its listening port (≤ 15 s). */
function serve(args: readonly string[]): Promise<number> {
  const cli = spawn(process.execPath, [CLI_BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child = cli;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening tcp:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    cli.stdout!.on('data', onData);
    cli.stderr!.on('data', onData);
    cli.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`switchboard exited (${code}) before listening:\n${output}`));
    });
  });
}

it.runIf(requireTool('redis-cli', REDIS_CLI))(
  'loads into the CLI as a plugin by package name, and redis-cli talks to it',
  async () => {
    expect(PLUGIN_BUILT, 'packages/examples/dist/resp is built by tsc -b (pnpm test builds first)').toBe(true);
    const port = await serve([
      'serve',
      '--plugin',
      '@switchboard/examples/resp',
      '--listen',
      'tcp://127.0.0.1:0',
      '--handler',
      'resp',
    ]);
    expect(await redisCli(port, ['set', 'a', '1'])).toBe('OK\n');
    expect(await redisCli(port, ['get', 'a'])).toBe('1\n');
  },
);
