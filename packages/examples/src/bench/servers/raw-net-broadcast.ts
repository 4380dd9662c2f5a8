import { createServer, type Socket } from 'node:net';
import { announce, HOST } from './server-control.js';

/** Baseline: the naive chat relay — for each line, for each other socket, one write. */
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  socket.setNoDelay(true);
  sockets.add(socket);
  const prefix = `[${socket.remoteAddress}:${socket.remotePort}] `;
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let start = 0;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(start, newline);
      for (const other of sockets) if (other !== socket) other.write(prefix + line + '\n');
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  });
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
});
server.listen({ host: HOST, port: 0, backlog: 4096 }, () => {
  const address = server.address();
  announce(typeof address === 'object' && address ? address.port : 0);
});
