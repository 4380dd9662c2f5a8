import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineClient } from '@switchboard/core/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { start, type ChatServer } from './chat-server.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
// CI installs Chromium (.ci/run), so there a missing browser is a failure, not a skip.
if (!hasChromium && process.env.CI) throw new Error(`CI needs ${CHROMIUM} for the browser test`);

let server: ChatServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await start({ tcpPort: 0, httpPort: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function joinAs(name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 820, height: 720 } });
  await page.goto(server.pageUrl);
  await page.fill('#name', name);
  await page.click('#join');
  await page.locator('#status', { hasText: `online as ${name}` }).waitFor({ timeout: 5000 });
  await seen(page, `* you are ${name}`);
  return page;
}

function seen(page: Page, text: string) {
  return page.locator('#messages li', { hasText: text }).first().waitFor({ timeout: 5000 });
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('#message', text);
  await page.press('#message', 'Enter');
}

const TITLE = 'two browser pages and a telnet client chat in one room';

(hasChromium ? it : it.skip)(
  hasChromium ? TITLE : `${TITLE} — SKIPPED: ${CHROMIUM} is not installed (CI installs Debian's chromium)`,
  async () => {
    const telnet = await LineClient.connect({ port: server.tcpPort });
    await telnet.readLineMatching(/^\* you are /);
    const telnetName = `127.0.0.1:${telnet.socket.localPort}`;

    const alice = await joinAs('Alice');
    expect(await telnet.readLine()).toBe('* Alice joined');
    await seen(alice, `here now: ${telnetName}`);
    const bob = await joinAs('Bob');
    await seen(alice, '* Bob joined');
    expect(await telnet.readLine()).toBe('* Bob joined');

    await say(alice, 'Hi Bob, hi telnet!');
    await seen(bob, 'Hi Bob, hi telnet!');
    expect(await bob.locator('#messages li', { hasText: 'Hi Bob' }).locator('.sender').textContent()).toBe('Alice');
    expect(await telnet.readLine()).toBe('[Alice] Hi Bob, hi telnet!');

    await say(bob, 'Hello from Bob');
    await seen(alice, 'Hello from Bob');
    expect(await telnet.readLine()).toBe('[Bob] Hello from Bob');

    telnet.send('greetings from the terminal');
    await seen(alice, 'greetings from the terminal');
    await seen(bob, 'greetings from the terminal');
    const sender = alice.locator('#messages li', { hasText: 'greetings from the terminal' }).locator('.sender');
    expect(await sender.textContent()).toBe(telnetName);

    await bob.click('#leave');
    await seen(alice, '* Bob left');
    expect(await telnet.readLine()).toBe('* Bob left');
    await bob.locator('#status', { hasText: 'disconnected (1000)' }).waitFor({ timeout: 5000 });

    // The room panel follows the server's lines: the room's name and who is in it.
    await alice.locator('#room', { hasText: 'lobby' }).waitFor({ timeout: 5000 });
    await expect.poll(() => alice.locator('#members li').allTextContents()).toEqual(['Alice', telnetName]);

    mkdirSync(`${REPO}test-artifacts`, { recursive: true });
    await alice.screenshot({ path: `${REPO}test-artifacts/chat.png` });
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.UPDATE_SCREENSHOT)
      copyFileSync(`${REPO}test-artifacts/chat.png`, `${REPO}docs/chat-screenshot.png`);

    await say(alice, '/join dev');
    expect(await telnet.readLine()).toBe('* Alice left for dev');
    await alice.locator('#room', { hasText: 'dev' }).waitFor({ timeout: 5000 });
    await expect.poll(() => alice.locator('#members li').allTextContents()).toEqual(['Alice']);
    telnet.socket.destroy();

    // On shutdown the page says goodbye from the close frame (1001), not from a chat line.
    await server.close();
    await seen(alice, 'Server is shutting down. Goodbye!');
    await alice.locator('#status', { hasText: 'disconnected (1001)' }).waitFor({ timeout: 5000 });
  },
  30_000,
);
