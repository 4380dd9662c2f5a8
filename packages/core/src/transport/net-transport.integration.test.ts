import { existsSync, linkSync, lstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { Reactor } from '../reactor/reactor.js';
import { LineClient } from '../testing/line-client.js';

class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sb-net-'));
const reactors: Reactor[] = [];
afterEach(async () => {
  await Promise.all(reactors.splice(0).map((r) => r.close({ graceMs: 50 })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reactorListening(url: string): { reactor: Reactor; start: () => Promise<number> } {
  const reactor = new Reactor();
  reactors.push(reactor);
  const listener = reactor.listen(url, [new AnswerHandler()], { codec: 'lines' });
  return { reactor, start: async () => (await reactor.start(), listener.port) };
}

async function bindError(url: string): Promise<SwitchboardError> {
  return (await reactorListening(url)
    .start()
    .then(() => undefined)
    .catch((err: unknown) => err)) as SwitchboardError;
}

describe('binding TCP', () => {
  it('a second reactor on the same port rejects with EADDRINUSE naming the address', async () => {
    const port = await reactorListening('tcp://127.0.0.1:0').start();
    const err = await bindError(`tcp://127.0.0.1:${port}`);
    expect(err).toBeInstanceOf(SwitchboardError);
    expect(err.code).toBe('EADDRINUSE');
    expect(err.message).toContain(`tcp://127.0.0.1:${port}`);
  });

  it('an address this machine does not have rejects with EADDRNOTAVAIL', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface.
    const err = await bindError('tcp://192.0.2.1:0');
    expect(err.code).toBe('EADDRNOTAVAIL');
    expect(err.message).toContain('tcp://192.0.2.1:0');
  });

  it('serves IPv6 on [::1] and names peers as [::1]:port', async () => {
    const first = reactorListening('tcp://[::1]:0');
    const port = await first.start();
    expect(first.reactor.listening[0]!.url).toBe(`tcp://[::1]:${port}`);
    const peers: string[] = [];
    first.reactor.on('connection', (channel) => peers.push(channel.peer));
    const client = await LineClient.connect({ host: '::1', port });
    client.send('v6');
    expect(await client.readLine()).toBe('got v6');
    expect(peers).toEqual([`[::1]:${client.socket.localPort}`]);
    expect((await bindError(`tcp://[::1]:${port}`)).code).toBe('EADDRINUSE');
  });
});

describe('binding unix sockets', () => {
  it('serves on a socket file and removes it on close', async () => {
    const path = join(dir, 'serve.sock');
    const { reactor, start } = reactorListening(`unix://${path}`);
    await start();
    expect(lstatSync(path).isSocket()).toBe(true);
    const client = await LineClient.connect({ path });
    client.send('unix');
    expect(await client.readLine()).toBe('got unix');
    await reactor.close({ graceMs: 100 });
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a stale socket file that nobody listens on', async () => {
    const path = join(dir, 'stale.sock');
    // A hard link keeps the socket file after its server is gone: what a crashed process leaves.
    const server = createServer();
    const original = join(dir, 'original.sock');
    await new Promise<void>((resolve) => server.listen(original, resolve));
    linkSync(original, path);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(lstatSync(path).isSocket()).toBe(true);

    await reactorListening(`unix://${path}`).start();
    const client = await LineClient.connect({ path });
    client.send('fresh');
    expect(await client.readLine()).toBe('got fresh');
  });

  it('refuses with EADDRINUSE when a live server owns the socket file', async () => {
    const path = join(dir, 'live.sock');
    await reactorListening(`unix://${path}`).start();
    const err = await bindError(`unix://${path}`);
    expect(err.code).toBe('EADDRINUSE');
    expect(err.message).toContain(path);
    // The live server still answers: the failed bind did not remove its file.
    const client = await LineClient.connect({ path });
    client.send('mine');
    expect(await client.readLine()).toBe('got mine');
  });

  it('refuses with EADDRINUSE when the path is a regular file, and leaves the file alone', async () => {
    const path = join(dir, 'not-a-socket');
    writeFileSync(path, 'precious');
    const err = await bindError(`unix://${path}`);
    expect(err.code).toBe('EADDRINUSE');
    expect(lstatSync(path).isFile()).toBe(true);
  });
});
