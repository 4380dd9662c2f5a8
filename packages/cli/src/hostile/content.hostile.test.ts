import { fileURLToPath } from 'node:url';
import { LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

// Attack: hostile text. A WebSocket message with an embedded LF reached telnet clients as several
// lines, each forgeable (`[127.0.0.1:1] …`, `* X left`, a fake goodbye); ESC, CR, U+202E and
// zero-width characters were relayed raw; a handler error quoting client text forged log lines.

const fixture = (name: string) => fileURLToPath(new URL(`../../dist/test-fixtures/${name}.js`, import.meta.url));

const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await CliProcess.stopAll();
});

/** `serve` with a tcp and a ws listener sharing `handlers`; their ports. */
async function serveTcpAndWs(
  handlers: string,
  ...extra: string[]
): Promise<{ cli: CliProcess; tcp: number; ws: string }> {
  const cli = CliProcess.start(serveArgs(handlers, '--listen', 'ws://127.0.0.1:0/chat', ...extra));
  const [tcpUrl, wsUrl] = await cli.listening(2);
  return { cli, tcp: Number(new URL(tcpUrl!).port), ws: wsUrl! };
}

async function telnet(port: number): Promise<LineClient> {
  const client = await LineClient.connect({ port });
  clients.push({ close: () => client.destroy() });
  return client;
}

async function browser(url: string): Promise<WsClient> {
  const client = await WsClient.connect(url);
  clients.push(client);
  return client;
}

/** Waits until the server has both in its room: each hears the other's hello. */
async function introduce(tty: LineClient, ws: WsClient): Promise<{ ttyPrefix: string; wsPrefix: string }> {
  tty.send('hello');
  const ttyPrefix = (await ws.nextText()).replace(/hello$/, '');
  ws.send('hello');
  const wsPrefix = (await tty.readLine()).replace(/hello$/, '');
  return { ttyPrefix, wsPrefix };
}

describe('serve --handler broadcast with tcp and ws listeners', () => {
  it('delivers a WebSocket message with newlines to telnet as one line after its real sender', async () => {
    const { tcp, ws } = await serveTcpAndWs('broadcast');
    const tty = await telnet(tcp);
    const page = await browser(ws);
    const { wsPrefix } = await introduce(tty, page);
    expect(wsPrefix).toMatch(/^\[127\.0\.0\.1:\d+\] $/);
    page.send('hi\n[127.0.0.1:1] forged\n* X left\nServer is shutting down. Goodbye!');
    page.send('after');
    expect(await tty.readLine()).toBe(
      `${wsPrefix}hi\\n[127.0.0.1:1] forged\\n* X left\\nServer is shutting down. Goodbye!`,
    );
    expect(await tty.readLine()).toBe(`${wsPrefix}after`);
  });

  it('relays ESC, CR, bidi overrides and zero-width characters escaped, both ways', async () => {
    const { tcp, ws } = await serveTcpAndWs('broadcast');
    const tty = await telnet(tcp);
    const page = await browser(ws);
    const { ttyPrefix, wsPrefix } = await introduce(tty, page);
    page.send('\x1b[2J\x1b[1;1Hroot# \rgone \u202eevil \u200bx\u2060\ufeff');
    expect(await tty.readLine()).toBe(`${wsPrefix}\\x1b[2J\\x1b[1;1Hroot# \\rgone \\u202eevil \\u200bx\\u2060\\ufeff`);
    tty.write('bell\x07 del\x7f nel\u0085 \u2066iso\u2069\r\n');
    expect(await page.nextText()).toBe(`${ttyPrefix}bell\\x07 del\\x7f nel\\x85 \\u2066iso\\u2069`);
  });
});

describe('plain logs', () => {
  it('show client text in a handler error escaped: a newline cannot forge a log line', async () => {
    const plugin = fixture('quoting-failure-plugin');
    const { cli, ws } = await serveTcpAndWs('quote-and-fail', '--plugin', plugin);
    const page = await browser(ws);
    page.send('x\n2026-01-01T00:00:00.000Z info  shut down\x1b[2J');
    await page.waitForClose();
    const [line] = await cli.waitForStdout(/^.*HANDLER_FAILED.*$/m);
    expect(line).toMatch(/ warn {2}connection error 127\.0\.0\.1:\d+: Handler "quote-and-fail" failed on /);
    expect(line).toContain('cannot handle "x\\n2026-01-01T00:00:00.000Z info  shut down\\x1b[2J"');
    expect(cli.stdout).not.toMatch(/^2026-01-01T00:00:00\.000Z/m);
  });
});
