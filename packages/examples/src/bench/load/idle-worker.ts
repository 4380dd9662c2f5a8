import { connect, type Socket } from 'node:net';
import { config, Counters, serve, shareOf, type LoadDriver } from './worker-kit.js';

/** Opens this worker's share of idle connections (at most 200 connecting at once) and holds them. */
const connections = shareOf(Number(config.load['connections']));
const CONCURRENT = 200;
const counters = new Counters();
const sockets: Socket[] = [];

function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: config.host, port: config.port });
    socket.once('connect', () => resolve());
    socket.once('error', () => resolve());
    socket.once('close', () => resolve());
    sockets.push(socket);
  });
}

const driver: LoadDriver = {
  async connect() {
    let next = 0;
    const lane = async () => {
      while (next < connections) {
        next++;
        await openOne();
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT, connections) }, lane));
  },
  begin() {},
  established: () => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length,
  stop() {
    for (const socket of sockets) socket.destroy();
  },
};
serve(driver, counters);
