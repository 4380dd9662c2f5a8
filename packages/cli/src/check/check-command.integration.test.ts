import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-check-'));
});
afterEach(async () => {
  await CliProcess.stopAll();
  await rm(dir, { recursive: true, force: true });
});

describe('switchboard check', () => {
  it('passes a good file (exit 0) without binding its port', async () => {
    const file = join(dir, 'good.yaml');
    // A port in use would fail serve; check must not try to bind it.
    await writeFile(
      file,
      'handlers: [greeting, talkback]\nlisteners:\n  - url: tcp://127.0.0.1:1\n  - url: udp://127.0.0.1:0\n    handlers: echo\n',
    );
    const { code, stdout, stderr } = await CliProcess.run(['check', '--config', file]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^config OK: 2 listener\(s\)\n {2}tcp:\/\/127\.0\.0\.1:1 {2}greeting,talkback\n/);
    expect(stdout).not.toMatch(/listening/);
  });

  it('fails a bad file (exit 1), listing every mistake, one per line', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        listeners: [{ url: 'tcp://127.0.0.1:0', handlers: ['echo'], options: { maxConections: 3, maxLineLength: 0 } }],
        graceMs: -1,
        logLevel: 'loud',
        redis: 'http://user:s3cret@127.0.0.1',
      }),
    );
    const { code, stdout, stderr } = await CliProcess.run(['check', '--config', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^Config file ".*bad\.json": 5 mistakes$/),
      'listeners[0].options.maxLineLength: must be a positive integer, got 0',
      'listeners[0].options.maxConections: unknown key; did you mean "maxConnections"?',
      'graceMs: must be a non-negative integer, got -1',
      'logLevel: must be one of debug, info, warn, error, got "loud"',
      'redis: must be a redis:// or rediss:// URL',
    ]);
    expect(stderr).not.toContain('s3cret');
  });

  it('checks flags too: handler names against the built-ins, with a suggestion', async () => {
    const { code, stderr } = await CliProcess.run(['check', '--listen', 'tcp://127.0.0.1:0', '--handler', 'ehco']);
    expect(code).toBe(1);
    expect(stderr).toBe('tcp://127.0.0.1:0: unknown handler "ehco" (did you mean "echo"?)\n');
  });

  it('leaves plugin handler names unchecked without --load-plugins, and says so', async () => {
    const { code, stdout } = await CliProcess.run([
      ...['check', '--listen', 'tcp://127.0.0.1:0', '--handler', 'shout'],
      ...['--plugin', join(dir, 'never-imported.js')],
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^note: handler "shout" not built in: left to the plugins, .*--load-plugins/m);
  });
});
