import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { startShoutServer } from './shout-server.js';

let server: Awaited<ReturnType<typeof startShoutServer>> | undefined;
afterEach(() => server?.close());

it('serves the README handler by name with its injected service', async () => {
  server = await startShoutServer(0);
  const client = await LineClient.connect({ port: server.port });
  expect(await client.readLine()).toMatch(/Switchboard/);
  client.send('hello, team');
  expect(await client.readLine()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z HELLO, TEAM$/);
});
