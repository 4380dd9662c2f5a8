import { afterEach, expect, it, vi } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

afterEach(async () => {
  vi.unstubAllEnvs();
  await CliProcess.stopAll();
});

const onLinux = process.platform === 'linux';

it.runIf(onLinux)('serves tcp:// on the native transport by default where the addon loaded, and says so', async () => {
  const cli = CliProcess.start(serveArgs('echo'));
  const [url] = await cli.listening();
  await cli.waitForStdout(new RegExp(`${url} served by the native transport`));
  expect(cli.stdout).not.toMatch(/not available/);
});

it('--transport js keeps tcp:// on the js transport where the addon loaded, with no notice', async () => {
  const cli = CliProcess.start(serveArgs('echo', '--transport', 'js'));
  const [url] = await cli.listening();
  await cli.waitForStdout(new RegExp(`${url} served by the js transport`));
  expect(cli.stdout).not.toMatch(/native|not available/);
});

it('by default without the addon: one notice naming why, then the js transport', async () => {
  vi.stubEnv('SWITCHBOARD_NATIVE', '0');
  const cli = CliProcess.start(serveArgs('echo'));
  const [url] = await cli.listening();
  await cli.waitForStdout(new RegExp(`${url} served by the js transport`));
  expect(cli.stdout.match(/native transport not available \(SWITCHBOARD_NATIVE=0\)/g)).toHaveLength(1);
});

it('by default without the addon, with --workers 2: the primary says why once, and both workers serve on js', async () => {
  vi.stubEnv('SWITCHBOARD_NATIVE', '0');
  const cli = CliProcess.start(serveArgs('echo', '--workers', '2'));
  const [url] = await cli.listening();
  await cli.waitForStdout(/2 workers serving/);
  for (const worker of [1, 2]) expect(cli.stdout).toContain(`${url} served by the js transport worker=${worker}`);
  expect(cli.stdout.match(/native transport not available \(SWITCHBOARD_NATIVE=0\)/g)).toHaveLength(1);
});

it.runIf(onLinux)('--transport auto: tcp:// on the native transport, ws:// stays on js', async () => {
  const cli = CliProcess.start([...serveArgs('echo', '--transport', 'auto'), '--listen', 'ws://127.0.0.1:0/echo']);
  const [tcp, ws] = await cli.listening(2);
  await cli.waitForStdout(new RegExp(`${ws} served by the js transport`));
  expect(cli.stdout).toContain(`${tcp} served by the native transport`);
});

it('--transport auto without the addon: one notice naming why, then the js transport', async () => {
  vi.stubEnv('SWITCHBOARD_NATIVE', '0');
  const cli = CliProcess.start(serveArgs('echo', '--transport', 'auto'));
  const [url] = await cli.listening();
  await cli.waitForStdout(new RegExp(`${url} served by the js transport`));
  expect(cli.stdout.match(/native transport not available \(SWITCHBOARD_NATIVE=0\)/g)).toHaveLength(1);
});

it('--transport native without the addon is a usage error naming why (exit 2), also with --workers', async () => {
  vi.stubEnv('SWITCHBOARD_NATIVE', '0');
  for (const extra of [[], ['--workers', '2']]) {
    const { code, stderr } = await CliProcess.run(serveArgs('echo', '--transport', 'native', ...extra));
    expect(code).toBe(2);
    expect(stderr).toMatch(/the native transport is not available \(SWITCHBOARD_NATIVE=0\)/);
  }
});

it('--transport native on a listener that is not tcp:// is a usage error (exit 2)', async () => {
  const { code, stderr } = await CliProcess.run([
    'serve',
    '--listen',
    'ws://127.0.0.1:0/',
    '--handler',
    'echo',
    '--transport',
    'native',
  ]);
  expect(code).toBe(2);
  expect(stderr).toMatch(/--transport native serves tcp:\/\/ only; ws:\/\/ stays on the js transport/);
});
