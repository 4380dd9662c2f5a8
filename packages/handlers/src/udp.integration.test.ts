import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Reactor } from '@switchboard/core';
import { UdpClient } from '@switchboard/core/testing';
import { container } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import { registerHandlers } from './index.js';

// CI installs netcat-openbsd (.ci/run); elsewhere a machine without nc skips those tests.
const hasNc = ['/usr/bin/nc', '/bin/nc'].some((path) => existsSync(path));
if (!hasNc && process.env.CI) throw new Error('CI needs nc (netcat-openbsd) for the external-client test');

let reactor: Reactor | undefined;
const reactors: Reactor[] = [];
const clients: UdpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(reactors.splice(0).map((r) => r.close({ graceMs: 50 })));
});

async function serve(url: string, handler: string): Promise<{ host: string; port: number }> {
  const c = container.createChildContainer();
  registerHandlers(c);
  reactor = new Reactor({ container: c });
  reactors.push(reactor);
  const listener = reactor.listen(url, [handler]);
  await reactor.start();
  return { host: listener.host, port: listener.port };
}

/** `printf input | nc -u -w1 host port`: nc sends what it read as one datagram and prints the answers. */
function netcat(host: string, port: number, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('nc', ['-u', '-w1', host, String(port)], { timeout: 5000 }, (err, stdout) =>
      err && !stdout ? reject(err) : resolve(stdout),
    );
    child.stdin!.end(input);
  });
}

for (const [family, url] of [
  ['IPv4', 'udp://127.0.0.1:0'],
  ['IPv6', 'udp://[::1]:0'],
] as const) {
  describe(`the standard handlers over UDP (${family}), unchanged`, () => {
    it('echo sends each datagram back as it came', async () => {
      const { host, port } = await serve(url, 'echo');
      const client = await UdpClient.connect(host, port);
      clients.push(client);
      await client.send('hello\nworld');
      expect(await client.nextText()).toBe('hello\nworld');
      await client.send(Buffer.from([0xff, 0x00]));
      expect([...(await client.next())]).toEqual([0xff, 0x00]);
    });

    it('talkback answers each line of a datagram, one datagram per answer; quit closes the server side', async () => {
      const { host, port } = await serve(url, 'talkback');
      const client = await UdpClient.connect(host, port);
      clients.push(client);
      await client.send('hi\nthere\r\n');
      expect(await client.nextText()).toBe("You said 'hi'.\n");
      expect(await client.nextText()).toBe("You said 'there'.\n");
      await client.send('no newline');
      expect(await client.nextText()).toBe("You said 'no newline'.\n");
      const closed = new Promise((resolve) => reactor!.once('close', resolve));
      await client.send('quit\n');
      await closed;
      expect(reactor!.stats().connections).toBe(0);
    });

    it.skipIf(!hasNc)('talks to nc -u (skipped without nc)', async () => {
      const { host, port } = await serve(url, 'talkback');
      expect(await netcat(host, port, 'hi\nthere\n')).toBe("You said 'hi'.\nYou said 'there'.\n");
      const echo = await serve(url, 'echo');
      expect(await netcat(echo.host, echo.port, 'ping\n')).toBe('ping\n');
    });
  });
}
