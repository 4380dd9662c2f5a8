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
  expect(await telnet.readLine()).toBe(`* you are ${telnetName}; nobody else is here yet`);

  const browser = await WsClient.connect(server.wsUrl);
  expect(await browser.nextText()).toMatch(/Welcome to Switchboard chat/);
  browser.send('/name Alice');
  expect(await browser.nextText()).toBe(`* you are Alice; here now: ${telnetName}`);
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
