import { LineClient, WsClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { start, type ChatServer } from './chat-server.js';

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function telnetIn(chat: ChatServer): Promise<LineClient> {
  const telnet = await LineClient.connect({ port: chat.tcpPort });
  expect(await telnet.readLine()).toMatch(/Welcome to Switchboard chat/);
  expect(await telnet.readLine()).toMatch(/^\* you are /);
  return telnet;
}

it('names a browser that connects with ?name= from the start, without a /name message', async () => {
  server = await start({ tcpPort: 0, httpPort: 0 });
  const telnet = await telnetIn(server);
  const browser = await WsClient.connect(`${server.wsUrl}?name=Al%C3%AFce`);
  expect(await browser.nextText()).toMatch(/Welcome to Switchboard chat/);
  expect(await browser.nextText()).toMatch(/^\* you are Alïce in lobby; here now: 127\.0\.0\.1:\d+$/);
  expect(await telnet.readLine()).toBe('* Alïce joined');
  browser.send('hello');
  expect(await telnet.readLine()).toBe('[Alïce] hello');
  browser.send('/name Bob');
  expect(await telnet.readLine()).toBe('* Alïce is now Bob');
  browser.close();
  telnet.destroy();
});

it('gives an invalid or taken ?name= the usual notice and keeps the address as the name', async () => {
  server = await start({ tcpPort: 0, httpPort: 0 });
  const telnet = await telnetIn(server);
  telnet.write('/name Carol\n');
  expect(await telnet.readLine()).toMatch(/is now Carol|you are Carol/);
  const invalid = await WsClient.connect(`${server.wsUrl}?name=${encodeURIComponent('not a name')}`);
  await invalid.nextText(); // the welcome
  expect(await invalid.nextText()).toMatch(/^\* usage: \/name NAME/);
  const taken = await WsClient.connect(`${server.wsUrl}?name=carol`);
  await taken.nextText();
  expect(await taken.nextText()).toBe('* the name carol is taken');
  taken.send('hi');
  expect(await taken.nextText()).toMatch(/^\* you are 127\.0\.0\.1:\d+ in lobby/);
  invalid.close();
  taken.close();
  telnet.destroy();
});
