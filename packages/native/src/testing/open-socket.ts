import { connect, type Socket } from 'node:net';

/** A plain TCP client to 127.0.0.1:`port`, added to `sockets` (for the test's cleanup) once made. */
export function openSocket(port: number, sockets: Socket[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    socket.on('error', () => {});
    socket.once('connect', () => resolve(socket)).once('close', () => reject(new Error('closed before open')));
  });
}
