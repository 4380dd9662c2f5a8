import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { config, Counters, serve, shareOf, type LoadDriver } from './worker-kit.js';

/** WebSocket echo: each connection keeps `pipeline` binary messages in flight; latency per message. */
const connections = shareOf(Number(config.load['connections']));
const pipeline = Number(config.load['pipeline']);
const message = Buffer.alloc(Number(config.load['messageBytes']), 0x78);
const counters = new Counters();
const sockets: WebSocket[] = [];
let running = true;

function drive(socket: WebSocket): void {
  const sentAt = new Float64Array(pipeline);
  let head = 0;
  socket.on('message', () => {
    const now = performance.now();
    counters.histogram.record((now - sentAt[head]!) * 1000);
    counters.count++;
    sentAt[head] = now;
    head = head + 1 === pipeline ? 0 : head + 1;
    if (running) socket.send(message, { binary: true });
  });
  sentAt.fill(performance.now());
  for (let i = 0; i < pipeline; i++) socket.send(message, { binary: true });
}

const driver: LoadDriver = {
  async connect() {
    await Promise.all(
      Array.from(
        { length: connections },
        () =>
          new Promise<void>((resolve, reject) => {
            const socket = new WebSocket(`ws://${config.host}:${config.port}/`, { perMessageDeflate: false });
            socket.once('open', () => resolve());
            socket.once('error', reject);
            sockets.push(socket);
          }),
      ),
    );
  },
  begin() {
    for (const socket of sockets) drive(socket);
  },
  established: () => sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
  stop() {
    running = false;
    for (const socket of sockets) socket.terminate();
  },
};
serve(driver, counters);
