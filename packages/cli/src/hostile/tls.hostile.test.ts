import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, hasOpenssl } from '@switchboard/core/testing';
import { CliProcess } from '../testing/cli-process.js';
import { cpuMs, openFds } from '../testing/process-probe.js';
import { closesWithin, openRaw } from '../testing/raw-socket.js';

afterEach(() => CliProcess.stopAll());

/** `serve` on tls:// with a fresh certificate; its port. */
async function serveTls(...extra: string[]): Promise<{ cli: CliProcess; port: number }> {
  const { certPath, keyPath } = createSelfSignedCertificate('127.0.0.1');
  const args = [
    'serve',
    '--listen',
    'tls://127.0.0.1:0',
    '--handler',
    'talkback',
    '--cert',
    certPath,
    '--key',
    keyPath,
  ];
  const cli = CliProcess.start([...args, ...extra]);
  const [url] = await cli.listening();
  return { cli, port: Number(url!.split(':').pop()) };
}

/** A TLS client's round trip; rejects when the server does not answer within `timeoutMs`. */
function tlsRoundTrip(port: number, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => socket.write('ping\n'));
    let text = '';
    const timer = setTimeout(() => finish(new Error(`no answer; have ${JSON.stringify(text)}`)), timeoutMs);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(text.split('\n')[0]!);
    };
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()) && text.includes('\n') && finish());
    socket.on('error', (err) => finish(err));
  });
}

describe.skipIf(!hasOpenssl)('hostile TLS peers against switchboard serve', () => {
  it('clients that connect and hang up before the handshake leave no descriptors behind', async () => {
    const { cli, port } = await serveTls();
    expect(await tlsRoundTrip(port)).toBe("You said 'ping'.");
    const baseline = openFds(cli.pid);
    for (let batch = 0; batch < 10; batch++) {
      const scans = await Promise.all(Array.from({ length: 10 }, () => openRaw(port)));
      for (const scan of scans) scan.socket.end();
      await Promise.all(scans.map((scan) => closesWithin(scan.closed, 5000)));
    }
    // Well before the 10 s handshake timeout: a peer that hung up is closed at once, not left in CLOSE-WAIT.
    await expect.poll(() => openFds(cli.pid), { timeout: 5000, interval: 100 }).toBeLessThanOrEqual(baseline + 2);
    expect(await tlsRoundTrip(port)).toBe("You said 'ping'.");
  });

  it('silent clients are cut after --handshake-timeout and count against --max-connections meanwhile', async () => {
    const { cli, port } = await serveTls('--handshake-timeout', '500', '--max-connections', '5');
    const baseline = openFds(cli.pid);
    const silent = await Promise.all(Array.from({ length: 5 }, () => openRaw(port)));
    // Every slot is held by a handshake in progress: the next client is turned away before its handshake.
    await expect(tlsRoundTrip(port)).rejects.toThrow();
    await cli.waitForStdout(/refused 127\.0\.0\.1:\d+: Server is full/);
    const cut = await Promise.all(silent.map((client) => closesWithin(client.closed, 5000)));
    expect(cut.every(Boolean)).toBe(true);
    await expect.poll(() => openFds(cli.pid), { timeout: 5000, interval: 100 }).toBeLessThanOrEqual(baseline + 2);
    expect(await tlsRoundTrip(port)).toBe("You said 'ping'.");
  });

  it('refuses TLS 1.2 renegotiation: the connection is closed and logged once', async () => {
    const { cli, port } = await serveTls();
    const socket: TLSSocket = await new Promise((resolve, reject) => {
      const s = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false, maxVersion: 'TLSv1.2' }, () =>
        resolve(s),
      );
      s.once('error', reject);
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const clientPort = socket.localPort!;
    const cpuBefore = cpuMs(cli.pid);
    const deadline = Date.now() + 10_000;
    let attempts = 0;
    while (!socket.destroyed && attempts < 200 && Date.now() < deadline) {
      attempts++;
      // Without renegotiation the callback never comes: the connection closes instead.
      await Promise.race([
        closed,
        new Promise<void>((resolve) => {
          if (!socket.renegotiate({ rejectUnauthorized: false }, () => resolve())) resolve();
        }),
      ]);
    }
    expect(await closesWithin(closed, 5000)).toBe(true);
    expect(attempts).toBeLessThan(200);
    await cli.waitForStdout(new RegExp(`disconnected 127\\.0\\.0\\.1:${clientPort}`));
    const errorLines = cli.stdout.split('\n').filter((line) => line.includes(`:${clientPort}`) && /warn/i.test(line));
    expect(errorLines.length).toBeLessThanOrEqual(1);
    expect(cpuMs(cli.pid) - cpuBefore).toBeLessThan(2000);
    expect(await tlsRoundTrip(port)).toBe("You said 'ping'.");
  });
});
