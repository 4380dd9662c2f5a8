import { Reactor } from '@switchboard/core';
import { LineClient } from '@switchboard/core/testing';
import { container } from 'tsyringe';
import { afterEach, expect, it } from 'vitest';
import { registerHandlers } from './index.js';

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

it('talkback with greeting over TCP', async () => {
  const c = container.createChildContainer();
  registerHandlers(c);
  reactor = new Reactor({ container: c });
  const listener = reactor.listen('tcp://127.0.0.1:0', ['greeting', 'talkback']);
  await reactor.start();
  const client = await LineClient.connect({ port: listener.port });
  expect(await client.readLine()).toMatch(/Switchboard/);
  client.send('hello');
  expect(await client.readLine()).toBe("You said 'hello'.");
  client.send('quit');
  await client.waitForClose();
});
