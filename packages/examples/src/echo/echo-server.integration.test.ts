import { randomBytes } from 'node:crypto';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { start } from './echo-server.js';

let app: Awaited<ReturnType<typeof start>> | undefined;
afterEach(() => app?.close());

it('echoes binary bytes exactly and ends after the client half-closes', async () => {
  app = await start({ port: 0 });
  const client = await LineClient.connect({ port: app.port });
  const payload = randomBytes(256 * 1024);
  client.write(payload);
  client.end();
  await client.waitForClose();
  expect(client.received.equals(payload)).toBe(true);
});
