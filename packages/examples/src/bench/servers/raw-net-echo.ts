import { createServer } from 'node:net';
import { announce, HOST } from './server-control.js';

/** Baseline: the smallest node:net echo server (same socket options as Switchboard's: noDelay). */
const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => socket.destroy());
});
server.maxConnections = 20_000;
server.listen({ host: HOST, port: 0, backlog: 4096 }, () => {
  const address = server.address();
  announce(typeof address === 'object' && address ? address.port : 0);
});
