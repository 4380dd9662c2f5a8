import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reactor } from '@switchboard/core';
import { LineClient, type ClientTarget } from '@switchboard/core/testing';
import { container } from 'tsyringe';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GREETING, GREETING_OPTIONS, registerHandlers } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-greeting-'));
let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(url: string, handlers: string[], greeting?: string): Promise<ClientTarget> {
  const c = container.createChildContainer();
  registerHandlers(c);
  reactor = new Reactor({ container: c });
  // Per-listener options live in a grand-child container, as the docs describe.
  const perListener = c.createChildContainer();
  if (greeting !== undefined) perListener.registerInstance(GREETING_OPTIONS, { text: greeting });
  const listener = reactor.listen(url, handlers, { container: perListener });
  await reactor.start();
  return url.startsWith('unix://') ? { path: url.slice('unix://'.length) } : { port: listener.port };
}

for (const [name, url] of [
  ['TCP', () => 'tcp://127.0.0.1:0'],
  ['a unix socket', () => `unix://${join(dir, 'greeting.sock')}`],
] as const) {
  describe(`greeting over ${name}`, () => {
    it('sends the default banner naming Switchboard on connect', async () => {
      const client = await LineClient.connect(await serve(url(), ['greeting']));
      const banner = await client.readLine();
      expect(banner).toBe(DEFAULT_GREETING);
      expect(banner).toContain('Switchboard');
    });

    it('sends a configured banner, then greeting,talkback answers lines', async () => {
      const client = await LineClient.connect(await serve(url(), ['greeting', 'talkback'], 'Hello from the test'));
      expect(await client.readLine()).toBe('Hello from the test');
      client.send('hi');
      expect(await client.readLine()).toBe("You said 'hi'.");
      client.send('quit');
      await client.waitForClose();
    });
  });
}
