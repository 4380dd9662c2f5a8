import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reactor } from '@switchboard/core';
import { eventually, LineClient, WsClient, type ClientTarget } from '@switchboard/core/testing';
import { container } from 'tsyringe';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING, registerHandlers } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-broadcast-'));
let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(url: string, handlers: string[]): Promise<ClientTarget> {
  const c = container.createChildContainer();
  registerHandlers(c);
  reactor = new Reactor({ container: c });
  const listener = reactor.listen(url, handlers);
  await reactor.start();
  return url.startsWith('unix://') ? { path: url.slice('unix://'.length) } : { port: listener.port };
}

/** Connects `count` clients and waits until the server has opened all of them (so all are in the hub). */
async function connectAll(target: ClientTarget, count: number): Promise<{ clients: LineClient[]; peers: string[] }> {
  const peers: string[] = [];
  reactor.on('connection', (channel) => peers.push(channel.peer));
  const clients: LineClient[] = [];
  for (let i = 0; i < count; i++) clients.push(await LineClient.connect(target));
  const deadline = Date.now() + 2000;
  while (peers.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(peers).toHaveLength(count);
  return { clients, peers };
}

describe('broadcast over TCP', () => {
  it('relays a line to every other client, prefixed with the sender address:port, not back to the sender', async () => {
    const target = await serve('tcp://127.0.0.1:0', ['broadcast']);
    const { clients } = await connectAll(target, 3);
    const [alice, bob, carol] = clients as [LineClient, LineClient, LineClient];
    alice.send('hi all');
    const from = `127.0.0.1:${alice.socket.localPort}`;
    expect(await bob.readLine()).toBe(`[${from}] hi all`);
    expect(await carol.readLine()).toBe(`[${from}] hi all`);
    bob.send('hi alice');
    expect(await alice.readLine()).toBe(`[127.0.0.1:${bob.socket.localPort}] hi alice`);
    // Alice's first line came from Bob: she never heard her own message.
    expect(alice.received.toString()).not.toContain('hi all');
  });

  it('greeting,broadcast: banner first, then the room; a client that left hears nothing more', async () => {
    const target = await serve('tcp://127.0.0.1:0', ['greeting', 'broadcast']);
    const { clients } = await connectAll(target, 3);
    const [alice, bob, carol] = clients as [LineClient, LineClient, LineClient];
    for (const client of clients) expect(await client.readLine()).toBe(DEFAULT_GREETING);
    carol.destroy();
    alice.send('after carol left');
    expect(await bob.readLine()).toBe(`[127.0.0.1:${alice.socket.localPort}] after carol left`);
  });

  it('greeting,broadcast: the banner promises no command, and `quit` is a line like any other', async () => {
    expect(DEFAULT_GREETING).not.toMatch(/quit/i);
    const target = await serve('tcp://127.0.0.1:0', ['greeting', 'broadcast']);
    const { clients } = await connectAll(target, 2);
    const [alice, bob] = clients as [LineClient, LineClient];
    for (const client of clients) expect(await client.readLine()).toBe(DEFAULT_GREETING);
    alice.send('quit');
    expect(await bob.readLine()).toBe(`[127.0.0.1:${alice.socket.localPort}] quit`);
    bob.send('still here?');
    expect(await alice.readLine()).toBe(`[127.0.0.1:${bob.socket.localPort}] still here?`);
  });
});

describe('broadcast over a unix socket', () => {
  it('relays between unix clients, naming each by its socket path and sequence', async () => {
    const path = join(dir, 'chat.sock');
    const target = await serve(`unix://${path}`, ['broadcast']);
    const { clients, peers } = await connectAll(target, 2);
    clients[0]!.send('over unix');
    expect(await clients[1]!.readLine()).toBe(`[${peers[0]}] over unix`);
    expect(peers[0]).toMatch(new RegExp(`^${path}#\\d+$`));
  });
});

describe('broadcast of hostile text', () => {
  it('relays a WebSocket message with newlines, escapes and bidi to telnet as one escaped line', async () => {
    const c = container.createChildContainer();
    registerHandlers(c);
    reactor = new Reactor({ container: c });
    const tcp = reactor.listen('tcp://127.0.0.1:0', ['broadcast']);
    const ws = reactor.listen('ws://127.0.0.1:0/chat', ['broadcast']);
    await reactor.start();
    const peers: string[] = [];
    reactor.on('connection', (channel) => peers.push(channel.peer));
    const telnet = await LineClient.connect({ port: tcp.port });
    const browser = await WsClient.connect(ws.url);
    await eventually(() => peers.length === 2);
    browser.send('hi\n[127.0.0.1:1] forged\r\n* X left\x1b[2J\u202eevil\u200b');
    const from = `[${peers[1]}] `;
    expect(await telnet.readLine()).toBe(`${from}hi\\n[127.0.0.1:1] forged\\r\\n* X left\\x1b[2J\\u202eevil\\u200b`);
    telnet.send('back \x07 at you');
    expect(await browser.nextText()).toBe(`[${peers[0]}] back \\x07 at you`);
    browser.close();
  });
});
