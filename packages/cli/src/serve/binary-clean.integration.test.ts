import type { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { connectToUrl as connect, destroyUrlClients } from '../testing/url-clients.js';

// A raw echo listener is binary-clean: whatever ends a connection (shutdown, refusal, idleness),
// the client gets back its own bytes and nothing more; the reason goes to the log.

afterEach(async () => {
  destroyUrlClients();
  await CliProcess.stopAll();
});

const BYTES = Buffer.from([0x00, 0xff, 0x0a, 0x45, 0x52, 0x52]);

async function echoed(url: string): Promise<LineClient> {
  const client = await connect(url);
  client.write(BYTES);
  expect((await client.readBytes(BYTES.length)).equals(BYTES)).toBe(true);
  return client;
}

it('SIGTERM: an echo client gets its own bytes and no goodbye, and the server exits 0', async () => {
  const cli = CliProcess.start(serveArgs('echo', '--grace', '2000'));
  const [url] = await cli.listening();
  const client = await echoed(url!);
  cli.signal('SIGTERM');
  await client.waitForClose();
  expect(client.received).toEqual(BYTES);
  expect((await cli.waitForExit()).code).toBe(0);
});

it('--max-connections 1: the second client is closed without a byte, MAX_CONNECTIONS in the log', async () => {
  const cli = CliProcess.start(serveArgs('echo', '--max-connections', '1'));
  const [url] = await cli.listening();
  const first = await echoed(url!);
  const second = await connect(url!);
  await second.waitForClose();
  expect(second.received.length).toBe(0);
  await cli.waitForStdout(/MAX_CONNECTIONS/);
  first.write(BYTES);
  expect((await first.readBytes(BYTES.length * 2)).equals(Buffer.concat([BYTES, BYTES]))).toBe(true);
});

it('--idle-timeout: an idle client is closed without a byte it did not send, IDLE_TIMEOUT in the log', async () => {
  const cli = CliProcess.start(serveArgs('echo', '--idle-timeout', '200'));
  const [url] = await cli.listening();
  const client = await echoed(url!);
  await client.waitForClose();
  expect(client.received).toEqual(BYTES);
  await cli.waitForStdout(/IDLE_TIMEOUT/);
});
