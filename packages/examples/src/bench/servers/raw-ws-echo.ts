import { WebSocketServer } from 'ws';
import { announce, HOST } from './server-control.js';

/** Baseline: the `ws` library's echo server, no compression. */
const server = new WebSocketServer({ host: HOST, port: 0, perMessageDeflate: false, backlog: 4096 });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => socket.terminate());
});
server.on('listening', () => {
  const address = server.address();
  announce(typeof address === 'object' && address ? address.port : 0);
});
