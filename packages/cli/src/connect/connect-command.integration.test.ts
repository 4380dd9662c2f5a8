import { Reactor, type Handler } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';

const reactors: Reactor[] = [];
afterEach(async () => {
  await CliProcess.stopAll();
  await Promise.all(reactors.splice(0).map((reactor) => reactor.close({ graceMs: 100 })));
});

/** Echoes each line; `bye` makes the server close the connection after answering. */
const echo: Handler<string> = {
  onMessage: (ctx, line) => {
    ctx.write(`echo: ${line}`);
    if (line === 'bye') ctx.close();
  },
};

async function server(url: string, handlers: Handler<string>[] = [echo]): Promise<string> {
  const reactor = new Reactor();
  reactors.push(reactor);
  const listener = reactor.listen(url, handlers, { codec: 'lines' });
  await reactor.start();
  return listener.url;
}

describe('switchboard connect', () => {
  it.each(['tcp://127.0.0.1:0', 'ws://127.0.0.1:0/echo'])(
    '%s: stdin lines reach the server, answers reach stdout, and the server closing exits 0',
    async (listen) => {
      const url = await server(listen);
      const cli = CliProcess.start(['connect', url]);
      cli.input('hello\n');
      await cli.waitForStdout(/echo: hello\n/);
      cli.input('bye\n');
      expect((await cli.waitForExit()).code).toBe(0);
      expect(cli.stdout).toBe('echo: hello\necho: bye\n');
      expect(cli.stderr).toBe('');
    },
  );

  it.each(['tcp://127.0.0.1:0', 'ws://127.0.0.1:0/echo'])(
    '%s: at the end of stdin it finishes sending, waits for the answers, and exits 0',
    async (listen) => {
      const url = await server(listen);
      const cli = CliProcess.start(['connect', url, '--linger', '200']);
      cli.input('one\ntwo');
      cli.endInput();
      expect((await cli.waitForExit()).code).toBe(0);
      expect(cli.stdout).toBe('echo: one\necho: two\n');
    },
  );

  it('udp: each stdin line is a datagram, each answer a line; it lingers after stdin ends, then exits 0', async () => {
    const url = await server('udp://127.0.0.1:0');
    const cli = CliProcess.start(['connect', url, '--linger', '300']);
    cli.input('ping\n');
    await cli.waitForStdout(/echo: ping\n/);
    cli.input('pong\n');
    cli.endInput();
    expect((await cli.waitForExit()).code).toBe(0);
    expect(cli.stdout).toBe('echo: ping\necho: pong\n');
  });

  it('prints what a server sends before it closes, and exits 0', async () => {
    const url = await server('tcp://127.0.0.1:0', [{ onOpen: (ctx) => void (ctx.write('banner'), ctx.close()) }]);
    const { code, stdout } = await CliProcess.run(['connect', url]);
    expect(code).toBe(0);
    expect(stdout).toBe('banner\n');
  });

  it.each(['tcp', 'ws'])(
    '%s: a refused connection is one line naming the address and the code, exit 1',
    async (scheme) => {
      const closed = new Reactor();
      const listener = closed.listen(`${scheme}://127.0.0.1:0${scheme === 'ws' ? '/x' : ''}`, [echo]);
      await closed.start();
      const url = listener.url;
      await closed.close({ graceMs: 0 });
      const { code, stdout, stderr } = await CliProcess.run(['connect', url]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toEqual([
        `Failed to connect to "${url}": Connection refused (ECONNREFUSED)`,
      ]);
    },
  );

  it('explains itself with --help, and refuses a bad URL with exit 2', async () => {
    const help = await CliProcess.run(['connect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: switchboard connect URL');
    expect(help.stdout).toContain('--reconnect');
    const bad = await CliProcess.run(['connect', 'gopher://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Run 'switchboard connect --help'");
  });
});
