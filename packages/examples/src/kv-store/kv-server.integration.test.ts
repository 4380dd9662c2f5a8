import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { start } from './kv-server.js';

let app: Awaited<ReturnType<typeof start>> | undefined;
afterEach(() => app?.close());

it('serves the custom protocol with its injected store shared by all connections', async () => {
  app = await start({ port: 0 });
  const writer = await LineClient.connect({ port: app.port });
  const reader = await LineClient.connect({ port: app.port });
  writer.send('SET greeting hello world');
  expect(await writer.readLine()).toBe('OK');
  reader.send('GET greeting');
  expect(await reader.readLine()).toBe('VALUE hello world');
  reader.send('GET missing');
  expect(await reader.readLine()).toBe('NIL');
  reader.send('SIZE');
  expect(await reader.readLine()).toBe('SIZE 1');
  writer.send('DEL greeting');
  expect(await writer.readLine()).toBe('DELETED 1');
  writer.send('FROB x');
  expect(await writer.readLine()).toBe("ERR unknown command 'FROB'");
  writer.send('SET onlykey');
  expect(await writer.readLine()).toBe('ERR usage: SET key value');
  reader.send('QUIT');
  await reader.waitForClose();
});
