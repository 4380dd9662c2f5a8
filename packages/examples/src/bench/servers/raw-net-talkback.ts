import { createServer } from 'node:net';
import { announce, HOST } from './server-control.js';

/** Baseline: a plain node:net line server giving TalkbackHandler's reply to each line. */
const server = createServer((socket) => {
  socket.setNoDelay(true);
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    let start = 0;
    while (newline !== -1) {
      const line = pending.slice(start, newline).trim();
      if (line === 'quit') {
        socket.end();
        return;
      }
      socket.write(`You said '${line}'.\n`);
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  });
  socket.on('error', () => socket.destroy());
});
server.listen({ host: HOST, port: 0, backlog: 4096 }, () => {
  const address = server.address();
  announce(typeof address === 'object' && address ? address.port : 0);
});
