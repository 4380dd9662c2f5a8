import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { announce, HOST } from './server-control.js';

/**
 * The peer Node teams use to scale a chat: one Socket.IO server process (WebSocket transport only,
 * as a load balancer without sticky sessions needs) with @socket.io/redis-adapter on the Redis at
 * --redis-port. An event `m` is sent to every other client of every process on the same --key,
 * with the sender's `[address:port] ` before it, like Switchboard's broadcast handler.
 */
const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
const key = arg('--key', 'switchboard-bench-socketio');
const pub = new Redis({ host: HOST, port: Number(arg('--redis-port', '6379')), lazyConnect: true });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);

const http = createServer();
const io = new Server(http, {
  transports: ['websocket'],
  serveClient: false,
  adapter: createAdapter(pub, sub, { key }),
});
io.on('connection', (socket) => {
  const prefix = `[${socket.handshake.address}:${socket.request.socket.remotePort}] `;
  socket.on('m', (text: unknown) => {
    if (typeof text === 'string') socket.broadcast.emit('m', prefix + text);
  });
});
http.listen({ host: HOST, port: 0, backlog: 4096 }, () => {
  const address = http.address();
  announce(typeof address === 'object' && address ? address.port : 0, () => {
    void io.close();
    pub.disconnect();
    sub.disconnect();
  });
});
