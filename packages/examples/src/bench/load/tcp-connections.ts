import { connect, type Socket } from 'node:net';
import { config } from './worker-kit.js';

/**
 * Opens `count` TCP connections to the server under test at once (noDelay, as every server sets);
 * `setup` runs on each socket before it connects. Resolves when all are up.
 */
export async function openTcpConnections(count: number, setup: (socket: Socket) => void = () => {}): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: config.host, port: config.port, noDelay: true }, () => resolve(socket));
          socket.once('error', reject);
          setup(socket);
        }),
    ),
  );
}

/** How many of `sockets` are still connected. */
export function establishedCount(sockets: readonly Socket[]): number {
  return sockets.filter((socket) => !socket.destroyed).length;
}
