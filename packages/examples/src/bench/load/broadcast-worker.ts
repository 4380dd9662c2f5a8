import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { config, Counters, serve, shareOf, type LoadDriver } from './worker-kit.js';

/**
 * Fan-out: this worker's share of receivers counts every line they get; one receiver in
 * `sampleEvery` also reads each line's send time for latency. Worker 0 also runs the sender,
 * which keeps at most `window` lines ahead of the slowest receiver (a closed loop, so the server
 * is saturated without unbounded queues). Shared Int32Array: [0] a generation bumped on every
 * progress report, [1 + worker] the lowest last-seen sequence number among its receivers.
 * The sender writes whole bursts of `burst` lines (a feed publishing in bursts), so each read on
 * the server holds several lines; a server may coalesce them per receiver. With
 * `deliveriesPerSecond` the sender also paces its bursts so that lines/s × receivers is that rate
 * (a fixed load, to compare the CPU servers spend on it); the window still bounds it.
 */
const receivers = shareOf(Number(config.load['receivers']));
const window = Number(config.load['window']);
const burst = Number(config.load['burst']);
const lineText = String(config.load['line']);
const deliveriesPerSecond = Number(config.load['deliveriesPerSecond'] ?? 0);
const linesPerMs = deliveriesPerSecond / Number(config.load['receivers']) / 1000;
const sampleEvery = Math.max(1, Math.floor(Number(config.load['receivers']) / 32));
const NONE = -2;
const shared = new Int32Array(config.shared!);
const counters = new Counters();
const sockets: Socket[] = [];
const lastSeq: number[] = [];
let reportQueued = false;
/** Node 20 has Atomics.waitAsync; the ES2023 lib typings do not. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { value: Promise<string> | string };
  }
).waitAsync;
let running = true;

/** Microseconds on the monotonic clock, the same in every thread of the process. */
function nowMicros(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
}

/** Reads the decimal number at `at` in `buf`; returns [value, index after it]. */
function readNumber(buf: Buffer, at: number): [number, number] {
  let value = 0;
  while (at < buf.length && buf[at]! >= 0x30 && buf[at]! <= 0x39) value = value * 10 + buf[at++]! - 0x30;
  return [value, at];
}

/** Parses `[addr:port] <seq> <micros> …`; returns the seq and records latency when asked. */
function parseLine(line: Buffer, sample: boolean): number {
  const start = line.indexOf('] ') + 2;
  const [seq, after] = readNumber(line, start);
  if (sample) counters.histogram.record(nowMicros() - readNumber(line, after + 1)[0]);
  return seq;
}

function receive(socket: Socket, slot: number): void {
  const sample = slot % sampleEvery === 0;
  let carry: Buffer | undefined;
  socket.on('data', (chunk: Buffer) => {
    const lineAt = (from: number, to: number): Buffer =>
      carry && from === 0 ? Buffer.concat([carry, chunk.subarray(0, to)]) : chunk.subarray(from, to);
    let start = 0;
    let lastStart = -1;
    let lines = 0;
    let newline = chunk.indexOf(0x0a);
    while (newline !== -1) {
      lines++;
      if (sample) lastSeq[slot] = parseLine(lineAt(start, newline), true);
      lastStart = start;
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (lines > 0) {
      counters.count += lines;
      if (!sample) lastSeq[slot] = parseLine(lineAt(lastStart, start - 1), false);
      queueReport();
    }
    if (lines === 0) carry = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    else carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : undefined;
  });
}

function queueReport(): void {
  if (reportQueued) return;
  reportQueued = true;
  setImmediate(() => {
    reportQueued = false;
    let min = NONE;
    for (const seq of lastSeq) if (seq >= 0 && (min === NONE || seq < min)) min = seq;
    Atomics.store(shared, 1 + config.index, min);
    Atomics.add(shared, 0, 1);
    Atomics.notify(shared, 0);
  });
}

function slowest(): number {
  let min = NONE;
  for (let w = 0; w < config.workers; w++) {
    const seq = Atomics.load(shared, 1 + w);
    if (seq !== NONE && (min === NONE || seq < min)) min = seq;
  }
  return min === NONE ? -1 : min;
}

/** Whole bursts the fixed rate allows `startedAt` ms on, after `sent` lines; unbounded without a rate. */
function scheduled(sent: number, startedAt: number): number {
  if (linesPerMs <= 0) return Infinity;
  return Math.floor(((performance.now() - startedAt) * linesPerMs - sent) / burst) * burst;
}

/**
 * The sender's loop: bounded by `running`, it waits (at most 50 ms at a time) when the window is
 * full, and until the next burst is due at a fixed rate.
 */
async function send(socket: Socket): Promise<void> {
  let sent = 0;
  const startedAt = performance.now();
  while (running) {
    const due = scheduled(sent, startedAt);
    if (due <= 0) {
      const wait = (sent + burst) / linesPerMs - (performance.now() - startedAt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, wait))));
      continue;
    }
    const allowed = Math.min(due, Math.floor((window - (sent - 1 - slowest())) / burst) * burst);
    if (allowed > 0) {
      let text = '';
      const micros = Math.round(nowMicros());
      for (let i = 0; i < allowed; i++) {
        const head = `${sent++} ${micros} `;
        text += head + lineText.slice(head.length) + '\n';
      }
      if (!socket.write(text)) await new Promise((resolve) => socket.once('drain', resolve));
      continue;
    }
    const generation = Atomics.load(shared, 0);
    if (window - (sent - 1 - slowest()) >= burst) continue;
    await waitAsync(shared, 0, generation, 50).value;
  }
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: config.host, port: config.port, noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

const driver: LoadDriver = {
  async connect() {
    Atomics.store(shared, 1 + config.index, NONE);
    for (let slot = 0; slot < receivers; slot += 100) {
      const batch = Array.from({ length: Math.min(100, receivers - slot) }, (_, i) => slot + i);
      for (const socket of await Promise.all(batch.map(() => open()))) {
        const index = sockets.indexOf(socket);
        lastSeq[index] = -1;
        receive(socket, index);
      }
    }
  },
  begin() {
    if (config.index !== 0) return;
    // Let the server finish accepting every receiver before the first line.
    setTimeout(() => {
      void open().then((socket) => send(socket).catch(() => socket.destroy()));
    }, 200);
  },
  established: () => sockets.filter((s) => !s.destroyed).length,
  stop() {
    running = false;
    for (const socket of sockets) socket.destroy();
  },
};
serve(driver, counters);
