import { afterEach, describe, expect, it } from 'vitest';
import { SERVE_FLAGS } from './serve-flags.js';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

afterEach(() => CliProcess.stopAll());

const HINT = /Run 'switchboard serve --help'/;

describe('switchboard serve failures', () => {
  it('a second process on the same port prints one line naming the address and EADDRINUSE, and exits 1', async () => {
    const first = CliProcess.start(serveArgs('echo'));
    const [url] = await first.listening();
    const second = await CliProcess.run(['serve', '--listen', url!, '--handler', 'echo']);
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('EADDRINUSE');
    expect(lines[0]).toContain(url);
  });

  it.each([
    ['an unknown flag', ['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--frobnicate'], /--frobnicate/],
    ['an unknown handler', ['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo,nope'], /Unknown handler "nope"/],
    ['a bad URL', ['--listen', 'http//nowhere', '--handler', 'echo'], /Invalid address "http\/\/nowhere"/],
    ['a missing --listen', ['--handler', 'echo'], /Missing --listen/],
    ['a missing --handler', ['--listen', 'tcp://127.0.0.1:0'], /Missing --handler/],
    [
      'a bad number',
      ['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--max-connections', 'many'],
      /--max-connections: must be a positive integer/,
    ],
    [
      'a bad log format',
      ['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--log-format', 'xml'],
      /--log-format: must be one of plain, json/,
    ],
    ['tls:// without a certificate', ['--listen', 'tls://127.0.0.1:0', '--handler', 'echo'], /needs a certificate/],
    [
      'a plugin that is not there',
      ['--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--plugin', './no/such/plugin.js'],
      /Cannot load plugin/,
    ],
  ])('%s: exits 2 with a clear message and a hint to use --help', async (_what, args, message) => {
    const { code, stderr } = await CliProcess.run(['serve', ...args]);
    expect(code).toBe(2);
    const [first, hint] = stderr.trim().split('\n');
    expect(first).toMatch(message);
    expect(hint).toMatch(HINT);
  });

  it('--redis fails with one line naming the URL and ECONNREFUSED when Redis does not answer', async () => {
    const { code, stderr } = await CliProcess.run(serveArgs('echo', '--redis', 'redis://127.0.0.1:1'));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/redis:\/\/127\.0\.0\.1:1.*ECONNREFUSED|ECONNREFUSED.*redis:\/\/127\.0\.0\.1:1/);
  });

  it('serve --help lists every option, one line each, and exits 0', async () => {
    const { code, stdout } = await CliProcess.run(['serve', '--help']);
    expect(code).toBe(0);
    for (const name of Object.keys(SERVE_FLAGS)) {
      expect(
        stdout.split('\n').filter((line) => line.trimStart().match(new RegExp(`^(-\\w, )?--${name}(?![\\w-])`))),
      ).toHaveLength(1);
    }
  });

  it('--help prints the usage; no command prints it too, with exit 2; an unknown command exits 2', async () => {
    const help = await CliProcess.run(['--help']);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: switchboard <command>/) });
    const bare = await CliProcess.run([]);
    expect(bare).toMatchObject({ code: 2, stderr: expect.stringMatching(/Usage: switchboard <command>/) });
    const unknown = await CliProcess.run(['launch']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown command "launch"/) });
  });
});
