// Run as a child process by uring-send.integration.test.ts (once with SWITCHBOARD_NO_URING=1): the
// addon's sendEach over real loopback sockets whose peers drain, are paused, or have reset, plus a
// bad descriptor. Prints one JSON line: the send batching in use and, per count, what each
// descriptor saw. The addon reads SWITCHBOARD_NO_URING when it makes its ring, so a mode is a process.
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ADDON = fileURLToPath(import.meta.resolve('../../build/Release/switchboard_native.node'));
const binding = createRequire(import.meta.url)(ADDON);
const EAGAIN = -11;
const ERRNO_NAMES = { [-9]: 'EBADF', [-32]: 'EPIPE', [-104]: 'ECONNRESET' };

/** A send result as the test compares it: the bytes do not matter, what happened does. */
function outcome(result, length) {
  if (result === length) return 'full';
  if (result > 0) return 'partial';
  if (result === EAGAIN) return 'EAGAIN';
  return ERRNO_NAMES[result] ?? `errno ${-result}`;
}

/** `count` connected pairs: the senders are paused node:net clients (node never reads nor closes them). */
async function pairs(count) {
  const server = createServer({ allowHalfOpen: true });
  const accepted = [];
  server.on('connection', (socket) => {
    socket.received = 0;
    socket.on('data', (chunk) => (socket.received += chunk.length));
    socket.on('error', () => {});
    accepted.push(socket);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const clients = [];
  for (let i = 0; i < count; i++) {
    const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    client.on('error', () => {});
    await new Promise((resolve) => client.once('connect', resolve));
    client.pause();
    clients.push(client);
  }
  for (let waited = 0; accepted.length < count && waited < 5000; waited += 10) await sleep(10);
  // Pair each client with its accepted end by port.
  const byPort = new Map(accepted.map((socket) => [socket.remotePort, socket]));
  const peers = clients.map((client) => byPort.get(client.localPort));
  return { server, clients, peers };
}

async function scenario(count) {
  const { server, clients, peers } = await pairs(count);
  const paused = [...new Set([2, Math.floor(count / 2), count - 1])];
  const reset = 0;
  for (const i of paused) peers[i].pause();
  const fds = new Int32Array([...clients.map((client) => client._handle.fd), -1]);
  const bad = count;
  const taken = new Array(count).fill(0);
  const seen = Array.from({ length: count + 1 }, () => []);
  const record = (indexes, sent, length) => {
    indexes.forEach((index, k) => {
      if (sent[k] > 0 && index < count) taken[index] += sent[k];
      seen[index].push(outcome(sent[k], length));
    });
  };

  // Fill the paused peers (and one draining peer beside them) with 256 KiB sends until all would block.
  const big = new Uint8Array(256 * 1024).fill(1);
  const fillers = [...paused, 1];
  const fillFds = new Int32Array(fillers.map((i) => fds[i]));
  const fillSent = new Int32Array(fillers.length);
  for (let round = 0; round < 400; round++) {
    binding.sendEach(big, fillFds, fillers.length, fillSent);
    record(fillers, fillSent, big.length);
    if (paused.every((_, k) => fillSent[k] === EAGAIN)) break;
    await sleep(1);
  }
  const filled = paused.map((i) => seen[i].slice());
  const filler = seen[1].splice(0);
  for (const i of paused) seen[i].length = 0;

  // Mixed rounds: one 1300-byte buffer to every descriptor, the draining peers read in between. The
  // first goes out in the same turn as the reset: node would close the sender once it saw the RST.
  const small = new Uint8Array(1300).fill(2);
  const sent = new Int32Array(count + 1);
  const all = Array.from({ length: count + 1 }, (_, i) => i);
  peers[reset].resetAndDestroy();
  binding.sendEach(small, fds, count + 1, sent);
  record(all, sent, small.length);
  const rest = all.filter((i) => i !== reset);
  const restFds = new Int32Array(rest.map((i) => fds[i]));
  for (let round = 1; round < 20; round++) {
    await sleep(2);
    binding.sendEach(small, restFds, rest.length, sent);
    record(rest, sent, small.length);
  }

  // Nothing is in flight: what the sends reported taken is what every live peer receives.
  for (const i of paused) peers[i].resume();
  clients.forEach((client, i) => i !== reset && client.end());
  const live = all.filter((i) => i !== reset && i !== bad);
  for (let waited = 0; waited < 10_000 && live.some((i) => !peers[i].readableEnded); waited += 10) await sleep(10);
  const mismatched = live
    .filter((i) => peers[i].received !== taken[i])
    .map((i) => ({ index: i, taken: taken[i], received: peers[i].received }));
  for (const client of clients) client.destroy();
  for (const peer of peers) peer.destroy();
  server.close();
  const drainers = live.filter((i) => !paused.includes(i));
  const union = (lists) => [...new Set(lists.flat())].sort();
  return {
    count,
    drainers: union(drainers.map((i) => seen[i])),
    filler: union([filler]),
    pausedFillEnds: filled.map((list) => list.at(-1)),
    pausedFill: union(filled),
    pausedMixed: union(paused.map((i) => seen[i])),
    reset: seen[reset],
    bad: union([seen[bad]]),
    mismatched,
  };
}

const counts = process.argv.slice(2).map(Number);
const results = [];
for (const count of counts) results.push(await scenario(count));
console.log(JSON.stringify({ batching: binding.sendBatching(), results }));
