import { createServer, type Socket } from 'node:net';
import { announce, HOST } from './server-control.js';

/**
 * Baseline: the competent chat relay — what an engineer writes by hand for the broadcast
 * protocol. Per read: the complete lines (a partial tail waits for the sender's next read), each
 * prefixed with `[address:port] `, joined into one buffer, written once to every other client.
 * A receiver more than MAX_BUFFERED bytes behind is dropped, not queued for without bound.
 */
const MAX_BUFFERED = 1024 * 1024;
const NEWLINE = 0x0a;
const sockets = new Set<Socket>();

/** The read's complete lines, each after `prefix`, as one buffer; undefined if it holds none. */
function prefixed(prefix: Buffer, tail: Buffer | undefined, chunk: Buffer): [Buffer | undefined, Buffer | undefined] {
  const data = tail ? Buffer.concat([tail, chunk]) : chunk;
  const last = data.lastIndexOf(NEWLINE);
  if (last === -1) return [undefined, Buffer.from(data)];
  let lines = 0;
  for (let at = data.indexOf(NEWLINE); at !== -1 && at <= last; at = data.indexOf(NEWLINE, at + 1)) lines++;
  const out = Buffer.allocUnsafe(lines * prefix.length + last + 1);
  let from = 0;
  let to = 0;
  while (from <= last) {
    const end = data.indexOf(NEWLINE, from) + 1;
    to += prefix.copy(out, to);
    to += data.copy(out, to, from, end);
    from = end;
  }
  return [out, last + 1 < data.length ? Buffer.from(data.subarray(last + 1)) : undefined];
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  sockets.add(socket);
  const prefix = Buffer.from(`[${socket.remoteAddress}:${socket.remotePort}] `);
  let tail: Buffer | undefined;
  socket.on('data', (chunk: Buffer) => {
    const [out, rest] = prefixed(prefix, tail, chunk);
    tail = rest;
    if (!out) return;
    for (const other of sockets) {
      if (other === socket) continue;
      if (other.writableLength > MAX_BUFFERED) other.destroy();
      else other.write(out);
    }
  });
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
});
server.listen({ host: HOST, port: 0, backlog: 4096 }, () => {
  const address = server.address();
  announce(typeof address === 'object' && address ? address.port : 0);
});
