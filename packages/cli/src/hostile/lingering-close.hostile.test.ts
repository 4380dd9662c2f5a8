import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

// Attack: a flood the server has refused. After LINE_TOO_LONG the server went on reading and
// discarding whatever that client sent for 2 s: a client pushed 10 MB into a server that had
// already said no. Now it reads at most 64 KiB more, then cuts the connection.

const MiB = 1024 * 1024;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await CliProcess.stopAll();
});

describe('a client that keeps sending after its connection was refused', () => {
  it('is cut off after a bounded number of bytes, well before the linger time', async () => {
    const cli = CliProcess.start(serveArgs('talkback'));
    const [url] = await cli.listening();
    // Half-open allowed: the server's FIN (after its ERROR line) does not stop this client, as it
    // would stop a well-behaved one; it goes on sending until the server cuts it off.
    const socket = connect({ port: Number(url!.split(':').pop()), host: '127.0.0.1', allowHalfOpen: true });
    sockets.push(socket);
    let received = '';
    let failed: string | undefined;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (failed = err.code));
    await once(socket, 'connect');

    // No newline, ever: the line passes the 64 KiB limit at once.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const started = Date.now();
    while (
      failed === undefined &&
      !socket.destroyed &&
      Date.now() - started < 10_000 &&
      socket.bytesWritten < 500 * MiB
    ) {
      if (!socket.write(chunk)) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 100);
          socket.once('drain', () => resolve(clearTimeout(timer)));
        });
      }
    }
    const elapsed = Date.now() - started;
    const sent = socket.bytesWritten;
    console.log(`lingering close: ${(sent / MiB).toFixed(1)} MiB sent in all, cut off (${failed}) in ${elapsed} ms`);
    // The refusal is in the log; the client may not read its ERROR line, since the reset that cuts
    // the flood off also throws away whatever was still unread in the client's receive buffer.
    await cli.waitForStdout(/LINE_TOO_LONG/);
    if (received !== '') expect(received).toContain('ERROR LINE_TOO_LONG');
    expect(failed).toMatch(/^(ECONNRESET|EPIPE)$/);
    // 64 KiB before the refusal, 64 KiB after, and both sockets' kernel buffers (a few MB on loopback).
    expect(sent).toBeLessThan(10 * MiB);
    expect(elapsed).toBeLessThan(5000);
  });
});
