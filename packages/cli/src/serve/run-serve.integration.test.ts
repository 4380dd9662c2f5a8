import { fileURLToPath } from 'node:url';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { runServe, type RunningServer } from './run-serve.js';

let server: RunningServer | undefined;
const clients: LineClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close(0);
  server = undefined;
});

async function connect(url: string): Promise<LineClient> {
  const client = await LineClient.connect({ port: Number(url.split(':').pop()) });
  clients.push(client);
  return client;
}

it('runServe starts listeners with their own chains and greetings, and loads plugins, in this process', async () => {
  server = await runServe({
    listeners: [
      { url: 'tcp://127.0.0.1:0', handlers: ['greeting', 'shout'], settings: { greeting: 'first' } },
      { url: 'tcp://127.0.0.1:0', handlers: ['greeting', 'talkback'], settings: { greeting: 'second' } },
    ],
    graceMs: 0,
    workers: 1,
    logFormat: 'plain',
    logLevel: 'info',
    plugins: [fileURLToPath(new URL('../test-fixtures/shout-plugin.ts', import.meta.url))],
  });
  const [first, second] = await Promise.all(server.urls.map(connect));
  expect(await first!.readLine()).toBe('first');
  expect(await second!.readLine()).toBe('second');
  first!.send('hey');
  expect(await first!.readLine()).toBe('HEY!');
  second!.send('hey');
  expect(await second!.readLine()).toBe("You said 'hey'.");
});

it('runServe rejects with EADDRINUSE and lets go of the listeners that did bind', async () => {
  server = await runServe({
    listeners: [{ url: 'tcp://127.0.0.1:0', handlers: ['echo'], settings: {} }],
    graceMs: 0,
    workers: 1,
    logFormat: 'plain',
    logLevel: 'info',
    plugins: [],
  });
  const taken = server.urls[0]!;
  const attempt = runServe({
    listeners: [
      { url: 'tcp://127.0.0.1:0', handlers: ['echo'], settings: {} },
      { url: taken, handlers: ['echo'], settings: {} },
    ],
    graceMs: 0,
    workers: 1,
    logFormat: 'plain',
    logLevel: 'info',
    plugins: [],
  });
  await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining(taken) });
});
