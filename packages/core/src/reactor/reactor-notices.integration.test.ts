import { afterEach, describe, expect, it } from 'vitest';
import type { Handler } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { Reactor } from './reactor.js';
import type { ListenOptions } from './reactor-options.js';

/** Sends every message back unchanged. */
const mirror: Handler<string | Uint8Array> = { onMessage: (ctx, msg) => void ctx.write(msg) };

let reactor: Reactor | undefined;
afterEach(async () => {
  await reactor?.close({ graceMs: 0 });
  reactor = undefined;
});

async function serve(options: ListenOptions) {
  reactor = new Reactor();
  const codes: string[] = [];
  reactor.on('error', (err) => codes.push(err.code));
  reactor.on('refused', ({ error }) => codes.push(error.code));
  const listener = reactor.listen('tcp://127.0.0.1:0', [mirror], options);
  await reactor.start();
  return { port: listener.port, codes };
}

/** A client that sent `bytes`, got them echoed, and is about to be turned away or shut down. */
async function echoed(port: number, bytes: Buffer): Promise<LineClient> {
  const client = await LineClient.connect({ port });
  client.write(bytes);
  expect((await client.readBytes(bytes.length)).equals(bytes)).toBe(true);
  return client;
}

const BINARY = Buffer.from([0, 1, 0xfe, 0xff]);

describe('a raw listener (no notices by default)', () => {
  it('refuses the connection past maxConnections with a close and no bytes', async () => {
    const { port, codes } = await serve({ maxConnections: 1 });
    await echoed(port, BINARY);
    const refused = await LineClient.connect({ port });
    await refused.waitForClose();
    expect(refused.received.length).toBe(0);
    expect(codes).toEqual(['MAX_CONNECTIONS']);
  });

  it('shuts down without a goodbye: an echo client gets its own bytes and nothing more', async () => {
    const { port } = await serve({});
    const client = await echoed(port, BINARY);
    await reactor!.close({ graceMs: 1000 });
    await client.waitForClose();
    expect(client.received).toEqual(BINARY);
  });
});

describe('a line listener (notices by default)', () => {
  it('refuses with one ERROR line and says goodbye on shutdown', async () => {
    const { port } = await serve({ codec: 'lines', maxConnections: 1 });
    const client = await echoed(port, Buffer.from('hi\n'));
    const refused = await LineClient.connect({ port });
    expect(await refused.readLine()).toMatch(/^ERROR MAX_CONNECTIONS Server is full: 1 connections/);
    await refused.waitForClose();
    await reactor!.close({ graceMs: 1000 });
    await client.waitForClose();
    expect(client.received.toString()).toBe('hi\nServer is shutting down. Goodbye!\n');
  });

  it('sends neither with notices: false', async () => {
    const { port } = await serve({ codec: 'lines', maxConnections: 1, notices: false });
    const client = await echoed(port, Buffer.from('hi\n'));
    const refused = await LineClient.connect({ port });
    await refused.waitForClose();
    expect(refused.received.length).toBe(0);
    await reactor!.close({ graceMs: 1000 });
    await client.waitForClose();
    expect(client.received.toString()).toBe('hi\n');
  });
});
