import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reactor, type Handler } from '@switchboard/core';
import { afterAll, expect, it } from 'vitest';
import { serveStatic } from './serve-static.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-static-'));
writeFileSync(join(dir, 'index.html'), '<h1>hi</h1>');
const reactor = new Reactor();
afterAll(async () => {
  await reactor.close({ graceMs: 0 });
  rmSync(dir, { recursive: true, force: true });
});

/** Sends a request as written (no URL normalising on the way) and returns the status line. */
function statusLine(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0]!));
  });
}

it('serves the folder beside a WebSocket path, never a file outside it', async () => {
  const quiet: Handler = {};
  const listener = reactor.listen('ws://127.0.0.1:0/chat', [quiet], { httpHandler: serveStatic(dir) });
  await reactor.start();
  const base = `http://127.0.0.1:${listener.port}`;
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await page.text()).toBe('<h1>hi</h1>');
  expect((await fetch(`${base}/missing.css`)).status).toBe(404);
  expect((await fetch(`${base}/chat`)).status).toBe(426);
  for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
    expect(await statusLine(listener.port, path)).toMatch(/^HTTP\/1\.1 404 /);
  }
});
