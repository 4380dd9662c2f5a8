import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UdpClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../testing/cli-process.js';

const hasNc = ['/usr/bin/nc', '/bin/nc'].some((path) => existsSync(path));

const clients: UdpClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await CliProcess.stopAll();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A UDP client for a `listening udp://host:port` URL. */
async function clientFor(url: string): Promise<UdpClient> {
  const { hostname, port } = new URL(url.replace(/^udp:/, 'http:'));
  const client = await UdpClient.connect(hostname.replace(/^\[|\]$/g, ''), Number(port));
  clients.push(client);
  return client;
}

describe('switchboard serve --listen udp://', () => {
  it('serves talkback to dgram and nc -u, logs peers, and says goodbye on SIGTERM', async () => {
    const cli = CliProcess.start(['serve', '--listen', 'udp://127.0.0.1:0', '--handler', 'talkback']);
    const [url] = await cli.listening();
    expect(url).toMatch(/^udp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    const client = await clientFor(url!);
    await client.send('hello\n');
    expect(await client.nextText()).toBe("You said 'hello'.\n");
    await cli.waitForStdout(new RegExp(`connected 127\\.0\\.0\\.1:${client.port} to ${url}`));
    if (hasNc) {
      const port = url!.split(':').pop()!;
      const out = await new Promise<string>((resolve, reject) => {
        const nc = execFile('nc', ['-u', '-w1', '127.0.0.1', port], { timeout: 5000 }, (err, stdout) =>
          err && !stdout ? reject(err) : resolve(stdout),
        );
        nc.stdin!.end('from nc\n');
      });
      expect(out).toBe("You said 'from nc'.\n");
    }
    cli.signal('SIGTERM');
    expect(await client.nextText()).toMatch(/shutting down/i);
    expect((await cli.waitForExit()).code).toBe(0);
  });

  it('takes udp:// listeners from a config file, beside TCP', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-udp-'));
    dirs.push(dir);
    const config = join(dir, 'switchboard.json');
    await writeFile(
      config,
      JSON.stringify({
        listeners: [
          { url: 'udp://[::1]:0', handlers: ['echo'], options: { maxConnections: 10, idleTimeout: 5000 } },
          { url: 'tcp://127.0.0.1:0', handlers: ['echo'] },
        ],
      }),
    );
    const cli = CliProcess.start(['serve', '--config', config]);
    const udpUrl = (await cli.listening(2)).find((url) => url.startsWith('udp:'));
    expect(udpUrl).toMatch(/^udp:\/\/\[::1\]:[1-9]\d*$/);
    const client = await clientFor(udpUrl!);
    await client.send('raw bytes, no newline');
    expect(await client.nextText()).toBe('raw bytes, no newline');
  });

  it('serve --help names udp://', async () => {
    const { code, stdout } = await CliProcess.run(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('udp://');
  });
});
