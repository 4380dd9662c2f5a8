import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { silentLogger } from '../logging/logger.js';
import { eventually } from '../testing/eventually.js';
import { UdpClient } from '../testing/udp-client.js';
import type { Link, LinkSink } from './link.js';
import type { Admission } from './transport.js';
import { UdpPeerTable } from './udp-peer-table.js';
import { closeQuietly, udpAddressOf } from './udp-socket.js';

/** A sink that records what its link reports, standing in for a Channel. */
function recordingSink(): LinkSink & { data: string[]; closed: boolean } {
  return {
    data: [],
    closed: false,
    onData(data) {
      this.data.push(data.toString());
    },
    onDrain() {},
    onEnd() {},
    onIdle() {},
    onError() {},
    onClose() {
      this.closed = true;
    },
  };
}

/** An Admission with one slot, recording what it was asked. */
function oneSlot(): Admission & { held: number; refused: string[] } {
  return {
    held: 0,
    refused: [],
    admit(this: { held: number }) {
      if (this.held >= 1) return new SwitchboardError('MAX_CONNECTIONS', 'full');
      this.held++;
      return undefined;
    },
    release(this: { held: number }) {
      this.held--;
    },
    refuse(this: { refused: string[] }, peer) {
      this.refused.push(`${peer.address}:${peer.port}`);
    },
  };
}

const sockets: Socket[] = [];
const clients: UdpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const socket of sockets.splice(0)) closeQuietly(socket);
});

describe('UdpPeerTable', () => {
  it('closes a quiet peer after the default expiry without telling it, and frees its slot', async () => {
    const socket = createSocket('udp4');
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const admission = oneSlot();
    const sinks: ReturnType<typeof recordingSink>[] = [];
    const accept = (link: Link) => {
      const sink = recordingSink();
      sinks.push(sink);
      link.attach(sink);
    };
    const options = { maxDatagramSize: 1000, expiryMs: 80, logger: silentLogger, url: () => 'udp://test' };
    const table = new UdpPeerTable(socket, udpAddressOf(socket, 'local'), options, accept, admission);
    socket.on('message', (datagram, from) => table.receive(datagram, from));
    const port = socket.address().port;
    const first = await UdpClient.connect('127.0.0.1', port);
    const second = await UdpClient.connect('127.0.0.1', port);
    clients.push(first, second);
    await first.send('one');
    await eventually(() => sinks[0]?.data.length === 1);
    // The only slot is taken: the second peer's datagrams are dropped, and the first refused once.
    await second.send('a');
    await second.send('b');
    await eventually(() => table.drops.totals.get('MAX_CONNECTIONS') === 2);
    expect(admission.refused).toEqual([`127.0.0.1:${second.port}`]);
    await eventually(() => sinks[0]!.closed);
    expect(table.size).toBe(0);
    expect(admission.held).toBe(0);
    expect(first.pending).toBe(0);
    await second.send('c');
    await eventually(() => sinks[1]?.data[0] === 'c');
    // Closing waits for the last peer to go (it expires too), then closes the socket.
    await table.close();
    expect(table.size).toBe(0);
  });
});
