import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WsClient } from '@switchboard/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

// Attack: settings at their extremes. Past 2^31-1 ms Node's timers fire after 1 ms, so a "30 days"
// idle timeout cut every client at once and a long grace made the cluster primary SIGKILL its
// workers mid-shutdown; a 200,000-deep config value overflowed the stack; plugins could replace a
// built-in handler, hang the start (exit 13, no message) or fail without being named.

const MAX_TIMER_MS = 2 ** 31 - 1;
/** The compiled fixtures: the built command loads plugins as JavaScript. */
const fixture = (name: string) => fileURLToPath(new URL(`../../dist/test-fixtures/${name}.js`, import.meta.url));

let dir: string;
const clients: { destroy(): void }[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-limits-'));
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  vi.unstubAllEnvs();
  await CliProcess.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * 'open' unless `closed` settles within `ms`. Showing that something does NOT happen needs a
 * window; an overflowed timer fires after 1 ms, so 300 ms is ample even on a loaded machine.
 */
async function stateAfter(closed: Promise<unknown>, ms = 300): Promise<'open' | 'closed'> {
  let timer: NodeJS.Timeout | undefined;
  const open = new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), ms)));
  const state = await Promise.race([closed.then(() => 'closed' as const), open]);
  clearTimeout(timer);
  return state;
}

/** A usage failure: exit 2, one line saying what (then the --help hint). */
async function expectUsageLine(args: string[], pattern: RegExp): Promise<string> {
  const { code, stderr } = await CliProcess.run(args);
  expect(code).toBe(2);
  const [line, hint, ...rest] = stderr.trimEnd().split('\n');
  expect(line).toMatch(pattern);
  expect(hint).toMatch(/switchboard serve --help/);
  expect(rest).toEqual([]);
  return line!;
}

describe('time settings', () => {
  it('refuses --idle-timeout past what a timer holds, naming the flag and the maximum', async () => {
    await expectUsageLine(
      serveArgs('echo', '--idle-timeout', '2592000000'),
      /^--idle-timeout: must be at most 2147483647 ms .*got 2592000000$/,
    );
  });

  it('accepts --idle-timeout at the maximum, and a WebSocket client is not cut at once', async () => {
    const cli = CliProcess.start([
      ...['serve', '--listen', 'ws://127.0.0.1:0/echo', '--handler', 'echo'],
      ...['--idle-timeout', String(MAX_TIMER_MS)],
    ]);
    const [url] = await cli.listening();
    const client = await WsClient.connect(url!);
    clients.push({ destroy: () => client.ws.terminate() });
    expect(await stateAfter(client.closed)).toBe('open');
    client.send('still here');
    expect(await client.nextText()).toBe('still here');
  });

  it('refuses --grace past what a timer holds with --workers', async () => {
    await expectUsageLine(
      serveArgs('echo', '--workers', '2', '--grace', '2147483648'),
      /^--grace: must be at most 2147483647 ms/,
    );
  });

  it('the cluster primary, given the longest grace, lets its workers finish instead of killing them at once', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--workers', '2', '--grace', String(MAX_TIMER_MS)));
    const [url] = await cli.listening();
    await cli.waitForStdout(/2 workers serving/);
    // A client that keeps its side open after the goodbye: its worker waits for it, up to the grace.
    const client = connect({ port: Number(url!.split(':').pop()), host: '127.0.0.1', allowHalfOpen: true });
    clients.push(client);
    client.on('error', () => {}).resume();
    const closed = once(client, 'close');
    await once(client, 'connect', { signal: AbortSignal.timeout(5000) });
    // The primary accepts and then hands the socket to a worker: wait until one has it.
    await cli.waitForStdout(new RegExp(`connected 127\\.0\\.0\\.1:${client.localPort} `));
    cli.signal('SIGTERM');
    await once(client, 'end', { signal: AbortSignal.timeout(5000) });
    // A primary whose kill timer overflowed SIGKILLs the workers within a few ms and exits.
    expect(await stateAfter(cli.exited, 500)).toBe('open');
    expect(await stateAfter(closed, 1)).toBe('open');
    expect(cli.stdout).not.toMatch(/exited \(SIGKILL\)/);
  });
});

describe('workers', () => {
  it('warns once when --workers is more than the cores, and serves anyway', async () => {
    const workers = availableParallelism() + 1;
    const cli = CliProcess.start(serveArgs('echo', '--workers', String(workers)));
    await cli.waitForStdout(new RegExp(`${workers} workers serving`), 20_000);
    const warnings = cli.stdout.match(/--workers \d+ is more than the \d+ cores/g);
    expect(warnings).toHaveLength(1);
  });
});

describe('config file', () => {
  it('refuses a 200,000-deep value with a clear message, not a stack overflow', async () => {
    const depth = 200_000;
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"listeners": [], "maxLineLength": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
    await expectUsageLine(
      ['serve', '--config', file],
      /^Config file ".*deep\.json": values nest deeper than 32 levels$/,
    );
  });

  it('refuses a config file larger than 1 MiB', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, `{"listeners": []}${' '.repeat(2 * 1024 * 1024)}`);
    await expectUsageLine(
      ['serve', '--config', file],
      /^Cannot read config file ".*big\.json": it is larger than 1048576/,
    );
  });
});

describe('plugins', () => {
  it('refuses a plugin handler that takes a built-in name, naming both', async () => {
    const plugin = fixture('echo-clash-plugin');
    const line = await expectUsageLine(serveArgs('echo', '--plugin', plugin), /^Plugin ".*echo-clash-plugin\.js"/);
    expect(line).toContain('Handler "echo" is already registered by built-in (EchoHandler)');
    expect(line).toContain('(LoudEchoHandler) cannot take the name');
  });

  it('gives up on a plugin whose register never settles, naming it (timeout from the environment)', async () => {
    vi.stubEnv('SWITCHBOARD_PLUGIN_TIMEOUT_MS', '300');
    await expectUsageLine(
      serveArgs('echo', '--plugin', fixture('never-settles-plugin')),
      /^Plugin ".*never-settles-plugin\.js" did not finish loading and registering within 300 ms/,
    );
  });

  it('names a plugin whose register throws, in one line', async () => {
    await expectUsageLine(
      serveArgs('echo', '--plugin', fixture('throwing-plugin')),
      /^Plugin ".*throwing-plugin\.js" failed to register: licence server unreachable$/,
    );
  });
});
