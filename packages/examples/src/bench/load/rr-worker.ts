import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { establishedCount, openTcpConnections } from './tcp-connections.js';
import { config, Counters, serve, shareOf, type LoadDriver } from './worker-kit.js';

/**
 * Request/response over TCP (echo, talkback): each connection keeps `pipeline` requests in
 * flight; replies are counted by size, and each one's latency is taken from its request's send time.
 */
const connections = shareOf(Number(config.load['connections']));
const pipeline = Number(config.load['pipeline']);
const request = Buffer.from(String(config.load['request']));
const responseBytes = Number(config.load['responseBytes']);
const batch = Buffer.concat(Array.from({ length: pipeline }, () => request));
const counters = new Counters();
const sockets: Socket[] = [];
let running = true;

function drive(socket: Socket): void {
  const sentAt = new Float64Array(pipeline);
  let head = 0;
  let partial = 0;
  socket.on('data', (chunk: Buffer) => {
    partial += chunk.length;
    if (partial < responseBytes) return;
    const now = performance.now();
    let done = 0;
    while (partial >= responseBytes) {
      partial -= responseBytes;
      counters.histogram.record((now - sentAt[head]!) * 1000);
      sentAt[head] = now;
      head = head + 1 === pipeline ? 0 : head + 1;
      done++;
    }
    counters.count += done;
    if (running) socket.write(done === pipeline ? batch : batch.subarray(0, done * request.length));
  });
  sentAt.fill(performance.now());
  socket.write(batch);
}

const driver: LoadDriver = {
  async connect() {
    sockets.push(...(await openTcpConnections(connections)));
  },
  begin() {
    for (const socket of sockets) drive(socket);
  },
  established: () => establishedCount(sockets),
  stop() {
    running = false;
    for (const socket of sockets) socket.destroy();
  },
};
serve(driver, counters);
