import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate, hasOpenssl, WsClient } from '@switchboard/core/testing';
import { CliProcess } from '../testing/cli-process.js';

afterEach(() => CliProcess.stopAll());

/** One line from `stream` (bounded wait). */
function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no line; have ${JSON.stringify(text)}`)), 5000);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('\n')) return;
      clearTimeout(timer);
      resolve(text.split('\n')[0]!);
    });
  });
}

describe('switchboard serve over TLS and WebSocket', () => {
  it.skipIf(!hasOpenssl)('--cert and --key serve tls:// (skipped without openssl)', async () => {
    const { certPath: cert, keyPath: key } = createSelfSignedCertificate('localhost');
    const cli = CliProcess.start([
      'serve',
      '--listen',
      'tls://127.0.0.1:0',
      '--handler',
      'talkback',
      '--cert',
      cert,
      '--key',
      key,
    ]);
    const [url] = await cli.listening();
    const socket = tlsConnect({ host: '127.0.0.1', port: Number(url!.split(':').pop()), rejectUnauthorized: false });
    try {
      socket.write('secret\n');
      expect(await firstLine(socket)).toBe("You said 'secret'.");
    } finally {
      socket.destroy();
    }
  });

  it.skipIf(!hasOpenssl)('--cert and --key serve wss:// (skipped without openssl)', async () => {
    const { certPath, keyPath } = createSelfSignedCertificate('127.0.0.1');
    const args = ['serve', '--listen', 'wss://127.0.0.1:0/secure', '--handler', 'talkback'];
    const cli = CliProcess.start([...args, '--cert', certPath, '--key', keyPath]);
    const [url] = await cli.listening();
    expect(url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/secure$/);
    const client = await WsClient.connect(url!, { rejectUnauthorized: false });
    client.send('over wss');
    expect(await client.next()).toBe("You said 'over wss'.");
    client.close();
  });

  it('serves ws:// and --max-payload closes a connection whose message is too large', async () => {
    const cli = CliProcess.start([
      'serve',
      '--listen',
      'ws://127.0.0.1:0/chat',
      '--handler',
      'talkback',
      '--max-payload',
      '64',
    ]);
    const [url] = await cli.listening();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/chat$/);
    const client = await WsClient.connect(url!);
    client.send('hi');
    expect(await client.next()).toMatch(/You said 'hi'\./);
    client.send('x'.repeat(1000));
    expect((await client.waitForClose()).code).toBe(1009);
  });
});
