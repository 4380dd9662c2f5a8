import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { publicDir, start, type ChatServer } from './chat-server.js';

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

it('puts telnet and WebSocket clients in one room, with names, joins and leaves', async () => {
  server = await start({ tcpPort: 0, httpPort: 0 });
  const telnet = await LineClient.connect({ port: server.tcpPort });
  expect(await telnet.readLine()).toMatch(/Welcome to Switchboard chat/);
  const telnetName = `127.0.0.1:${telnet.socket.localPort}`;
  expect(await telnet.readLine()).toBe(`* you are ${telnetName} in lobby; nobody else is here yet`);

  const browser = await WsClient.connect(server.wsUrl);
  expect(await browser.nextText()).toMatch(/Welcome to Switchboard chat/);
  browser.send('/name Alice');
  expect(await browser.nextText()).toBe(`* you are Alice in lobby; here now: ${telnetName}`);
  expect(await telnet.readLine()).toBe('* Alice joined');

  browser.send('hi from the browser');
  expect(await telnet.readLine()).toBe('[Alice] hi from the browser');
  telnet.send('hi from telnet');
  expect(await browser.nextText()).toBe(`[${telnetName}] hi from telnet`);

  telnet.send('/name Bob');
  expect(await browser.nextText()).toBe(`* ${telnetName} is now Bob`);
  expect(await telnet.readLine()).toBe(`* ${telnetName} is now Bob`);
  browser.send('/name bob');
  expect(await browser.nextText()).toBe('* the name bob is taken');
  browser.send('/name [\u0007]');
  expect(await browser.nextText()).toMatch(/^\* usage: \/name NAME/);

  browser.close();
  expect(await telnet.readLine()).toBe('* Alice left');
  telnet.socket.destroy();
});

it('moves people between rooms with /join, announced in both, and lists a room with /who', async () => {
  server = await start({ tcpPort: 0, httpPort: 0 });
  const telnet = await LineClient.connect({ port: server.tcpPort });
  await telnet.readLineMatching(/^\* you are /);
  telnet.send('/name Tess');
  expect(await telnet.readLine()).toBe(`* 127.0.0.1:${telnet.socket.localPort} is now Tess`);
  const [alice, bob] = [await WsClient.connect(server.wsUrl), await WsClient.connect(server.wsUrl)];
  for (const [client, name] of [
    [alice, 'Alice'],
    [bob, 'Bob'],
  ] as const) {
    await client.textMatching(/Welcome/);
    client.send(`/name ${name}`);
    expect(await client.textMatching(/^\* you are /)).toMatch(new RegExp(`^\\* you are ${name} in lobby;`));
  }
  expect(await telnet.readLine()).toBe('* Alice joined');
  expect(await telnet.readLine()).toBe('* Bob joined');
  expect(await alice.nextText()).toBe('* Bob joined');

  alice.send('/who');
  expect(await alice.nextText()).toBe('* in lobby: Tess, Alice (you), Bob');

  // Room names follow the name rules, lower-cased: `Dev` is `dev`.
  alice.send('/join Dev');
  expect(await alice.nextText()).toBe('* you are Alice in dev; nobody else is here yet');
  expect(await telnet.readLine()).toBe('* Alice left for dev');
  expect(await bob.nextText()).toBe('* Alice left for dev');
  bob.send('/join dev');
  expect(await bob.nextText()).toBe('* you are Bob in dev; here now: Alice');
  expect(await alice.nextText()).toBe('* Bob joined from lobby');
  expect(await telnet.readLine()).toBe('* Bob left for dev');

  // Two rooms on one listener (and across transports) do not hear each other.
  bob.send('only for dev');
  telnet.send('only for the lobby');
  expect(await alice.nextText()).toBe('[Bob] only for dev');
  telnet.send('/who');
  expect(await telnet.readLine()).toBe('* in lobby: Tess (you)');
  alice.send('/who');
  expect(await alice.nextText()).toBe('* in dev: Alice (you), Bob');

  alice.send('/join dev');
  expect(await alice.nextText()).toBe('* already in dev');
  alice.send('/join two words');
  expect(await alice.nextText()).toMatch(/^\* usage: \/join ROOM .*: use letters, digits/);
  alice.send(`/join ${'r'.repeat(33)}`);
  expect(await alice.nextText()).toMatch(/^\* usage: \/join ROOM .*longer than 32/);
  alice.send('/join lo\u202ebby');
  expect(await alice.nextText()).toMatch(/^\* usage: \/join ROOM .*invisible/);
  // Names are unique across rooms, not per room.
  alice.send('/name tess');
  expect(await alice.nextText()).toBe('* the name tess is taken');

  // A member that closes is gone from its room: its room hears it, the other does not.
  bob.close();
  expect(await alice.nextText()).toBe('* Bob left');
  alice.send('/who');
  expect(await alice.nextText()).toBe('* in dev: Alice (you)');
  telnet.send('/join dev');
  expect(await telnet.readLine()).toBe('* you are Tess in dev; here now: Alice');
  expect(await alice.nextText()).toBe('* Tess joined from lobby');
  alice.close();
  telnet.socket.destroy();
});

it('serves the page and its script on the WebSocket port', async () => {
  server = await start({ tcpPort: 0, httpPort: 0 });
  const page = await fetchText(server.pageUrl);
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>Switchboard chat</title>');
  expect((await fetchText(`${server.pageUrl}chat.js`)).body).toContain('/chat');
  expect((await fetchText(`${server.pageUrl}nope.html`)).status).toBe(404);
});

it('finds the page from dist as well as from src', () => {
  const fromDist = publicDir(new URL('../../dist/chat/chat-server.js', import.meta.url).href);
  expect(fromDist).toBe(publicDir());
  expect(existsSync(`${fromDist}index.html`)).toBe(true);
});

const mainJs = fileURLToPath(new URL('../../dist/chat/main.js', import.meta.url));

it.skipIf(!existsSync(mainJs))(
  'runs as `pnpm start` does: logs listening URLs, serves, exits 0 on SIGTERM',
  async () => {
    const child = spawn(process.execPath, [mainJs], {
      env: { ...process.env, CHAT_TCP_PORT: '0', CHAT_HTTP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    while (!/chat page at (\S+)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    try {
      expect(out).toMatch(/listening tcp:\/\/127\.0\.0\.1:\d+/);
      expect(out).toMatch(/listening ws:\/\/127\.0\.0\.1:\d+\/chat/);
      const pageUrl = /chat page at (\S+)/.exec(out)![1]!;
      expect((await fetchText(pageUrl)).body).toContain('Switchboard chat');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  },
);
