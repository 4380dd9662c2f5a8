import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSelfSignedCertificate, hasOpenssl } from '@switchboard/core/testing';
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

function wsMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no WebSocket message')), 5000);
    socket.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data.toString());
    });
  });
}

function wsClose(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('WebSocket did not close')), 5000);
    socket.once('close', (code: number) => {
      clearTimeout(timer);
      resolve(code);
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
    const socket = new WebSocket(url!);
    try {
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send('hi');
      expect(await wsMessage(socket)).toMatch(/You said 'hi'\./);
      const closed = wsClose(socket);
      socket.send('x'.repeat(1000));
      expect(await closed).toBe(1009);
    } finally {
      socket.terminate();
    }
  });
});
