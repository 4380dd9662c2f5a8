import { LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { start, type ChatServer } from './chat-server.js';

// Attacks from issue "Hostile content": each runs against the chat demo on loopback.
// Before the fix a `/name` line of 65,000 spaces froze every client for 4.9 s, a 100 KB one for 11.4 s.
const BYSTANDER_LIMIT_MS = 1000;

let server: ChatServer | undefined;
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

/** A telnet client, past the greeting and its `* you are` line. */
async function telnet(): Promise<LineClient> {
  const client = await LineClient.connect({ port: server!.tcpPort });
  clients.push({ close: () => client.destroy() });
  await client.readLineMatching(/^\* you are /);
  return client;
}

/** A browser that joined as `name`. */
async function browser(name: string): Promise<WsClient> {
  const client = await WsClient.connect(server!.wsUrl);
  clients.push(client);
  await client.textMatching(/Welcome/);
  client.send(`/name ${name}`);
  expect(await client.nextText()).toMatch(new RegExp(`^\\* you are ${name} in lobby;`));
  return client;
}

/** Starts the chat with a telnet user and a browser named Alice who see each other. */
async function room(): Promise<{ tty: LineClient; alice: WsClient; ttyName: string }> {
  server = await start({ tcpPort: 0, httpPort: 0 });
  const tty = await telnet();
  const alice = await browser('Alice');
  expect(await tty.readLine()).toBe('* Alice joined');
  return { tty, alice, ttyName: `127.0.0.1:${tty.socket.localPort}` };
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

describe('a /name line built to backtrack', () => {
  it('from telnet (/name, 65,000 spaces, x CR y) is refused at once; bystanders keep talking', async () => {
    const { tty, alice } = await room();
    const attacker = await telnet();
    expect(await tty.readLine()).toMatch(/^\* 127\.0\.0\.1:\d+ joined$/);
    attacker.send(`/name${' '.repeat(65_000)}x\ry`);
    alice.send('still here?');
    const bystander = await timed(tty.readLine(10_000));
    expect(bystander.value).toBe('[Alice] still here?');
    expect(bystander.ms).toBeLessThan(BYSTANDER_LIMIT_MS);
    const refusal = await timed(attacker.readLine(10_000));
    expect(refusal.value).toMatch(/^\* usage: \/name NAME .*: use letters/);
    expect(refusal.ms).toBeLessThan(BYSTANDER_LIMIT_MS);
  });

  it('from a browser (100 KB ending in U+2028) is refused at once; bystanders keep talking', async () => {
    const { tty, alice, ttyName } = await room();
    alice.send(`/name${' '.repeat(100_000)}x\u2028y`);
    tty.send('ping');
    const bystander = await timed(alice.nextText(10_000));
    expect(bystander.value).toMatch(/^\* usage: \/name NAME .*: use letters/);
    expect(await alice.nextText()).toBe(`[${ttyName}] ping`);
    expect(bystander.ms).toBeLessThan(BYSTANDER_LIMIT_MS);
  });
});

describe('a message relayed to others', () => {
  it('stays one line on telnet, after the real sender: embedded newlines are shown as \\n', async () => {
    const { tty, alice } = await room();
    alice.send('hi\n[127.0.0.1:1] forged\n* X left\r\nServer is shutting down. Goodbye!');
    alice.send('next');
    expect(await tty.readLine()).toBe(
      '[Alice] hi\\n[127.0.0.1:1] forged\\n* X left\\r\\nServer is shutting down. Goodbye!',
    );
    expect(await tty.readLine()).toBe('[Alice] next');
  });

  it('carries no terminal escapes, CR, bidi overrides or zero-width characters, on either transport', async () => {
    const { tty, alice, ttyName } = await room();
    alice.send('\x1b[2Jclear\rback \u202eevil\u200bhidden\u2066');
    expect(await tty.readLine()).toBe('[Alice] \\x1b[2Jclear\\rback \\u202eevil\\u200bhidden\\u2066');
    tty.send('\x1b]0;title\x07 \u061c\ufeff');
    expect(await alice.nextText()).toBe(`[${ttyName}] \\x1b]0;title\\x07 \\u061c\\ufeff`);
  });

  it('keeps ordinary text whole: accents, other scripts, emoji sequences, TAB', async () => {
    const { tty, alice } = await room();
    const text = 'naïve café\t東京 👩‍💻 مرحبا';
    alice.send(text);
    expect(await tty.readLine()).toBe(`[Alice] ${text}`);
  });
});

describe('chat names', () => {
  it('refuses you, addresses, invisible padding and mixed scripts, and look-alikes of a member', async () => {
    const { tty } = await room();
    const refusals: [string, RegExp][] = [
      ['you', /"you"/],
      ['YOU', /"you"/],
      ['127.0.0.1:5055', /one word/],
      ['[::1]:5055', /one word/],
      ['127.0.0.1', /address/],
      ['\u2800', /invisible/],
      ['\u3164', /invisible/],
      ['Al\u200bice', /invisible/],
      ['Аlice', /mixes scripts/], // Cyrillic А
    ];
    for (const [name, reason] of refusals) {
      tty.send(`/name ${name}`);
      const answer = await tty.readLine();
      expect(answer).toMatch(/^\* usage: \/name NAME/);
      expect(answer).toMatch(reason);
    }
    // Case, full width, all-Cyrillic look-alike letters (А ӏ і с е), a digit for a letter.
    for (const name of ['alice', 'ＡＬＩＣＥ', '\u0410\u04cf\u0456\u0441\u0435', 'AL1CE']) {
      tty.send(`/name ${name}`);
      expect(await tty.readLine()).toMatch(/^\* the name .+ is taken$/);
    }
    tty.send('/name Bob');
    expect(await tty.readLine()).toMatch(/^\* 127\.0\.0\.1:\d+ is now Bob$/);
  });
});
