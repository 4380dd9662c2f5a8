import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { start } from './talkback-server.js';

let app: Awaited<ReturnType<typeof start>> | undefined;
afterEach(() => app?.close());

it('greets, talks back and closes on quit', async () => {
  app = await start({ port: 0 });
  const client = await LineClient.connect({ port: app.port });
  expect(await client.readLine()).toMatch(/talkback/);
  client.send('  hello there  ', '\r\n');
  expect(await client.readLine()).toBe("You said 'hello there'.");
  client.send('quit');
  await client.waitForClose();
});
