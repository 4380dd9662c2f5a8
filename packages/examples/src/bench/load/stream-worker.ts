import type { Socket } from 'node:net';
import { establishedCount, openTcpConnections } from './tcp-connections.js';
import { config, Counters, serve, shareOf, type LoadDriver } from './worker-kit.js';

/** Streams `chunkBytes` writes to an echo server as fast as it takes them; counts bytes echoed back. */
const connections = shareOf(Number(config.load['connections']));
const chunk = Buffer.alloc(Number(config.load['chunkBytes']), 0x61);
const counters = new Counters();
const sockets: Socket[] = [];
let running = true;

function pump(socket: Socket): void {
  // Bounded: at most 64 writes per turn, then wait for 'drain' or the next turn.
  for (let i = 0; i < 64 && running; i++) if (!socket.write(chunk)) return;
  if (running) setImmediate(() => pump(socket));
}

const driver: LoadDriver = {
  async connect() {
    const opened = await openTcpConnections(connections, (socket) => {
      socket.on('data', (data: Buffer) => {
        counters.bytes += data.length;
        counters.count++;
      });
      socket.on('drain', () => pump(socket));
    });
    sockets.push(...opened);
  },
  begin() {
    for (const socket of sockets) pump(socket);
  },
  established: () => establishedCount(sockets),
  stop() {
    running = false;
    for (const socket of sockets) socket.destroy();
  },
};
serve(driver, counters);
