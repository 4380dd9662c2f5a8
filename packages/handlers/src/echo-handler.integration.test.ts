import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reactor, type Connection } from '@switchboard/core';
import { eventually, LineClient, type ClientTarget } from '@switchboard/core/testing';
import { container } from 'tsyringe';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerHandlers } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-echo-'));
let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serveEcho(url: string): Promise<ClientTarget> {
  const c = container.createChildContainer();
  registerHandlers(c);
  reactor = new Reactor({ container: c });
  const listener = reactor.listen(url, ['echo']);
  await reactor.start();
  return url.startsWith('unix://') ? { path: url.slice('unix://'.length) } : { port: listener.port };
}

const transports = {
  tcp: () => 'tcp://127.0.0.1:0',
  unix: () => `unix://${join(dir, `echo-${Date.now()}.sock`)}`,
};

for (const [name, url] of Object.entries(transports)) {
  describe(`echo over ${name}`, () => {
    it('sends text back unchanged', async () => {
      const client = await LineClient.connect(await serveEcho(url()));
      client.write('hello\r\nworld');
      expect((await client.readBytes(12)).toString()).toBe('hello\r\nworld');
    });

    it('sends 1 MB of binary garbage back byte-exact', async () => {
      const client = await LineClient.connect(await serveEcho(url()));
      const garbage = Buffer.concat([Buffer.from([0, 0xff, 0x0d, 0x0a, 0x0d, 0x00, 0x0a]), randomBytes(1024 * 1024)]);
      client.write(garbage);
      const back = await client.readBytes(garbage.length, 10_000);
      expect(back.length).toBe(garbage.length);
      expect(back.equals(garbage)).toBe(true);
    });

    it('after the client half-closes, finishes the answer and then ends', async () => {
      const client = await LineClient.connect(await serveEcho(url()));
      const payload = randomBytes(256 * 1024);
      client.write(payload);
      client.end();
      await client.waitForClose(10_000);
      expect(client.received.equals(payload)).toBe(true);
    });

    it('stops reading while the client does not read, and delivers everything once it does', async () => {
      const target = await serveEcho(url());
      const server: Connection[] = [];
      reactor.on('connection', (channel) => server.push(channel));
      const client = await LineClient.connect(target);
      client.socket.pause();
      const payload = randomBytes(8 * 1024 * 1024);
      client.write(payload);
      client.end();
      // Wait until the server has answered something and then stopped reading for a few polls in a row.
      let lastRead = -1;
      let stalledPolls = 0;
      await eventually(() => {
        const channel = server[0];
        if (!channel || channel.bufferedBytes === 0) return false;
        stalledPolls = channel.bytesRead === lastRead ? stalledPolls + 1 : 0;
        lastRead = channel.bytesRead;
        return stalledPolls >= 3;
      });
      // Echo paused its reading instead of queueing: it stopped short of the 8 MiB and holds far less.
      expect(server).toHaveLength(1);
      expect(server[0]!.bytesRead).toBeLessThan(payload.length);
      expect(server[0]!.bufferedBytes).toBeLessThan(1024 * 1024);
      client.socket.resume();
      await client.waitForClose(10_000);
      expect(client.received.equals(payload)).toBe(true);
    });
  });
}
