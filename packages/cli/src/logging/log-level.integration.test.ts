import { LineClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

afterEach(() => CliProcess.stopAll());

/** Starts a server at `level`, connects and disconnects one client, and shuts down: its whole log. */
async function logOf(...extra: string[]): Promise<string> {
  const cli = CliProcess.start(serveArgs('echo', ...extra));
  const [url] = await cli.listening();
  const client = await LineClient.connect({ port: Number(url!.split(':').pop()) });
  client.send('hi');
  expect(await client.readLine()).toBe('hi');
  client.destroy();
  cli.signal('SIGTERM');
  const { code } = await cli.waitForExit(10_000);
  expect(code).toBe(0);
  return cli.stdout;
}

describe('--log-level', () => {
  it('info (the default) shows the connect lines, not the debug ones', async () => {
    const log = await logOf();
    expect(log).toMatch(/ info {2}connected 127\.0\.0\.1:\d+ to tcp:/);
    expect(log).not.toMatch(/ debug /);
  });

  it('warn hides the connect lines, in plain and JSON logs, but never the listening line', async () => {
    for (const format of ['plain', 'json']) {
      const log = await logOf('--log-level', 'warn', '--log-format', format);
      expect(log).toMatch(/listening tcp:/);
      expect(log).not.toMatch(/connected|shut down/);
    }
  });

  it('debug shows debug lines (each listener as resolved), in plain and JSON logs', async () => {
    expect(await logOf('--log-level', 'debug')).toMatch(/ debug listener tcp:\/\/127\.0\.0\.1:0 handlers=echo/);
    const json = await logOf('--log-level=debug', '--log-format', 'json');
    expect(json).toMatch(/"level":20,.*"msg":"listener tcp:\/\/127\.0\.0\.1:0 handlers=echo"/);
  });
});
