import { connect } from 'node:net';
import type { Handler, HandlerContext } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNativeBinding } from './native-binding.js';
import { nativeLoop } from './native-transport.js';
import { ServeOn } from './testing/serve-on.js';

class HelloHandler implements Handler<string> {
  onOpen(ctx: HandlerContext): void {
    ctx.write('hi\n');
  }
}

/** Opens a connection, waits for the greeting, closes; resolves once the client socket is gone. */
function greetAndLeave(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('data', () => socket.destroy());
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}

describe('the native transport under churn', () => {
  const on = new ServeOn('native');
  afterEach(() => on.closeAll());

  it('opens and closes 10,000 connections and keeps no socket, id or link', async () => {
    const binding = loadNativeBinding().binding!;
    const before = binding.openSockets();
    const { reactor, port } = await on.serve([new HelloHandler()], { codec: 'lines' });
    const heapBefore = process.memoryUsage().heapUsed;
    for (let round = 0; round < 50; round++) {
      await Promise.all(Array.from({ length: 200 }, () => greetAndLeave(port)));
    }
    await eventually(() => reactor.stats().connections === 0, 5000);
    expect(reactor.stats().accepted).toBe(10_000);
    // The listener's socket only; every connection's descriptor and link is gone.
    expect(binding.openSockets()).toBe(before + 1);
    expect(nativeLoop()!.connections).toBe(0);
    globalThis.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
    await on.closeAll();
    expect(binding.openSockets()).toBe(before);
  });
});
