// Run as a child process by uring-send.integration.test.ts (once with SWITCHBOARD_NO_URING=1): the
// native transport (the built dist) writes to `count` connections in each turn, so each turn's
// sendAll is one batch: draining peers take everything, paused peers take part then would block
// (the rest queues), one peer resets. Prints one JSON line: per count, what the peers received.
import 'reflect-metadata';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEndpoint } from '@switchboard/core/transport';
import { createNativeTransport } from '../../dist/index.js';
import { loadNativeBinding } from '../../dist/native-binding.js';

const ROUNDS = 30;
const SMALL = 4 * 1024;
const BIG = 256 * 1024;

/** Round r's bytes are all r: a peer's stream must be its rounds' payloads, whole and in order. */
function checker(size) {
  const state = { at: 0, bad: false };
  state.take = (chunk) => {
    for (const byte of chunk) {
      if (byte !== Math.floor(state.at / size) % 256) state.bad = true;
      state.at++;
    }
  };
  return state;
}

async function scenario(transport, count) {
  const links = [];
  const errors = new Map();
  const refused = new Set();
  const paused = new Set([2, Math.floor(count / 2), count - 1]);
  const reset = 0;
  let round = 0;
  const bound = await transport.listen(parseEndpoint('tcp://127.0.0.1:0'), {}, (link) => {
    const index = links.length - 1; // the first link is the trigger (-1)
    links.push(link);
    link.attach({
      onData(data) {
        if (index !== -1) return;
        // One round per byte the trigger sent: a write to every receiver in this turn, one sendAll.
        for (let k = 0; k < data.length && round < ROUNDS; k++, round++) {
          for (let i = 0; i < count; i++) {
            const receiver = links[i + 1];
            if (receiver === undefined || errors.has(i)) continue;
            const payload = new Uint8Array(paused.has(i) ? BIG : SMALL).fill(round % 256);
            if (!receiver.write(payload)) refused.add(i);
          }
        }
      },
      onDrain() {},
      onEnd() {},
      onIdle() {},
      onError(err) {
        errors.set(index, err.code);
      },
      onClose() {},
    });
  });
  const open = async () => {
    const before = links.length;
    const socket = connect({ port: bound.port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    for (let waited = 0; links.length === before && waited < 5000; waited += 5) await sleep(5);
    return socket;
  };
  const trigger = await open();
  const peers = [];
  for (let i = 0; i < count; i++) {
    const peer = await open();
    peer.check = checker(paused.has(i) ? BIG : SMALL);
    peer.on('data', (chunk) => peer.check.take(chunk));
    if (paused.has(i)) peer.pause();
    peers.push(peer);
  }
  for (let r = 0; r < ROUNDS && round < ROUNDS; r++) {
    if (r === ROUNDS / 2) peers[reset].resetAndDestroy();
    trigger.write('x');
    await sleep(3);
  }
  for (let waited = 0; round < ROUNDS && waited < 5000; waited += 5) await sleep(5);
  for (const i of paused) peers[i].resume();
  const wanted = (i) => ROUNDS * (paused.has(i) ? BIG : SMALL);
  const live = peers.map((_, i) => i).filter((i) => i !== reset);
  for (let waited = 0; waited < 15_000 && live.some((i) => peers[i].check.at < wanted(i)); waited += 10)
    await sleep(10);
  const wrong = live.filter((i) => peers[i].check.at !== wanted(i) || peers[i].check.bad);
  for (const socket of [trigger, ...peers]) socket.destroy();
  await bound.close();
  return {
    count,
    rounds: round,
    wrong: wrong.map((i) => ({ index: i, received: peers[i].check.at, wanted: wanted(i), bad: peers[i].check.bad })),
    pausedRefused: [...paused].every((i) => refused.has(i)),
    errors: [...errors.entries()].map(([index, code]) => (index === reset ? `reset ${code}` : `${index} ${code}`)),
  };
}

const transport = createNativeTransport();
const counts = process.argv.slice(2).map(Number);
const results = [];
for (const count of counts) results.push(await scenario(transport, count));
console.log(JSON.stringify({ batching: loadNativeBinding().binding.sendBatching(), results }));
process.exit(0);
