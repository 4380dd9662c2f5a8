import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reactor } from '@switchboard/core';
import { LineClient, type ClientTarget } from '@switchboard/core/testing';
import { container } from 'tsyringe';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerHandlers } from './index.js';

// CI installs netcat-openbsd (.ci/run); elsewhere a machine without nc skips that one test.
const hasNc = ['/usr/bin/nc', '/bin/nc'].some((path) => existsSync(path));
if (!hasNc && process.env.CI) throw new Error('CI needs nc (netcat-openbsd) for the external-client test');

const dir = mkdtempSync(join(tmpdir(), 'sb-talkback-'));
let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(url: string, handlers = ['talkback']): Promise<ClientTarget & { port: number }> {
  const c = container.createChildContainer();
  registerHandlers(c);
  reactor = new Reactor({ container: c });
  const listener = reactor.listen(url, handlers);
  await reactor.start();
  if (url.startsWith('unix://')) return { path: url.slice('unix://'.length), port: 0 };
  return { port: listener.port, host: listener.host };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('talkback over each transport', () => {
  const urls = {
    'TCP (IPv4)': () => 'tcp://127.0.0.1:0',
    'TCP (IPv6 [::1])': () => 'tcp://[::1]:0',
    'a unix socket': () => `unix://${join(dir, 'talkback.sock')}`,
  };
  for (const [name, url] of Object.entries(urls)) {
    it(`answers lines and closes on quit over ${name}`, async () => {
      const client = await LineClient.connect(await serve(url()));
      client.send('hello');
      expect(await client.readLine()).toBe("You said 'hello'.");
      client.send('  padded  ');
      expect(await client.readLine()).toBe("You said 'padded'.");
      client.send('quit');
      await client.waitForClose();
    });
  }

  it.skipIf(!hasNc)('talks to nc, a real external client (skipped without nc)', async () => {
    const { port } = await serve('tcp://127.0.0.1:0');
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        'sh',
        ['-c', `printf 'hi\\nthere\\r\\nquit\\n' | nc -N 127.0.0.1 ${port}`],
        { timeout: 5000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      );
    });
    expect(out).toBe("You said 'hi'.\nYou said 'there'.\n");
  });
});

describe('talkback framing over a real socket', () => {
  // These check framing end to end; exhaustive split coverage (every byte offset) lives in line-codec.test.ts.
  it('joins a line split across many writes', async () => {
    const client = await LineClient.connect(await serve('tcp://127.0.0.1:0'));
    for (const piece of ['sp', 'li', 't li', 'ne', '\r', '\n']) {
      client.write(piece);
      await pause(5);
    }
    expect(await client.readLine()).toBe("You said 'split line'.");
  });

  it('answers many lines sent in one write, in order', async () => {
    const client = await LineClient.connect(await serve('tcp://127.0.0.1:0'));
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    client.write(lines.join('\n') + '\n');
    for (const line of lines) expect(await client.readLine()).toBe(`You said '${line}'.`);
  });

  it('accepts CRLF line endings', async () => {
    const client = await LineClient.connect(await serve('tcp://127.0.0.1:0'));
    client.write('windows\r\ntelnet\r\n');
    expect(await client.readLine()).toBe("You said 'windows'.");
    expect(await client.readLine()).toBe("You said 'telnet'.");
  });

  it('keeps a multi-byte character whole when it is split across reads', async () => {
    const client = await LineClient.connect(await serve('tcp://127.0.0.1:0'));
    const bytes = Buffer.from('añ🎉\n');
    // Cut inside the 4-byte emoji, with a pause so the server reads the halves separately.
    client.write(bytes.subarray(0, 5));
    await pause(30);
    client.write(bytes.subarray(5));
    expect(await client.readLine()).toBe("You said 'añ🎉'.");
  });

  it('answers a last line without newline when the client half-closes, then ends', async () => {
    const client = await LineClient.connect(await serve('tcp://127.0.0.1:0'));
    client.write('first\nlast without newline');
    client.end();
    expect(await client.readLine()).toBe("You said 'first'.");
    expect(await client.readLine()).toBe("You said 'last without newline'.");
    await client.waitForClose();
  });
});

describe('talkback backpressure', () => {
  it('stops reading while the client does not read, instead of dropping it as a slow consumer', async () => {
    const client = await LineClient.connect(await serve('tcp://127.0.0.1:0'));
    client.socket.pause();
    // 1.5 million 2-byte lines whose 14-byte answers (21 MB) would pass the 8 MiB send-queue limit.
    const count = 1_500_000;
    client.write('x\n'.repeat(count));
    await pause(1000);
    client.socket.resume();
    const expected = Buffer.from("You said 'x'.\n".repeat(count));
    await client.readBytes(expected.length, 15_000);
    // Every answer and nothing else (no `ERROR` line); compared as one boolean so a failure does not diff 21 MB.
    expect(client.received.equals(expected)).toBe(true);
  });
});
