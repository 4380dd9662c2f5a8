import { connect, type Socket } from 'node:net';
import { parseEndpoint, type BoundListener, type LinkSink } from '@switchboard/core/transport';
import { eventually } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { NativeLink } from './native-link.js';
import { createNativeTransport, nativeLoop } from './native-transport.js';

const EBADF = 9;
const quietSink: LinkSink = { onData() {}, onDrain() {}, onEnd() {}, onIdle() {}, onError() {}, onClose() {} };

describe('connection ids', () => {
  const open: (Socket | BoundListener)[] = [];
  afterEach(async () => {
    for (const item of open.splice(0)) await ('destroy' in item ? item.destroy() : item.close());
  });

  it('a closed connection id never reaches the socket that reused its descriptor', async () => {
    const links: NativeLink[] = [];
    const bound = await createNativeTransport()!.listen(parseEndpoint('tcp://127.0.0.1:0'), {}, (link) => {
      link.attach(quietSink);
      links.push(link as NativeLink);
    });
    open.push(bound);
    const client = (received: Buffer[]) => {
      const socket = connect(bound.port, '127.0.0.1');
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      open.push(socket);
      return socket;
    };
    const first = client([]);
    await eventually(() => links.length === 1);
    const stale = links[0]!.id;
    // Both ends close, so the next client and its server side get the same two descriptors again.
    links[0]!.destroy();
    first.destroy();
    await new Promise((resolve) => first.once('close', resolve));
    const received: Buffer[] = [];
    client(received);
    await eventually(() => links.length === 2);
    // The kernel hands out the lowest free descriptor: the new connection has the old one's.
    expect(links[1]!.id & 0xfffff).toBe(stale & 0xfffff);
    expect(links[1]!.id).not.toBe(stale);
    expect(nativeLoop()!.binding.send(stale, [Buffer.from('stale\n')])).toBe(-EBADF);
    links[1]!.write('fresh\n');
    await eventually(() => Buffer.concat(received).toString() === 'fresh\n');
  });
});
