import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Handler, HandlerContext } from '@switchboard/core';
import { LineClient } from '@switchboard/core/testing';
import { afterEach, expect, it } from 'vitest';
import { ServeOn } from './testing/serve-on.js';

class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
}

const LISTEN = 0x0a;
const CLOSE_WAIT = 0x08;

/** The IPv4 TCP sockets of this machine as the kernel lists them: ports, state, accept queue (rx of a listener). */
function kernelSockets(): { localPort: number; remotePort: number; state: number; rxQueue: number }[] {
  return readFileSync('/proc/net/tcp', 'latin1')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, local, remote, state, queues] = line.trim().split(/\s+/);
      return {
        localPort: parseInt(local!.split(':')[1]!, 16),
        remotePort: parseInt(remote!.split(':')[1]!, 16),
        state: parseInt(state!, 16),
        rxQueue: parseInt(queues!.split(':')[1]!, 16),
      };
    });
}

/**
 * Blocks this process, event loop included, until the kernel shows `ready` (at most 2 s): the
 * native loop takes no turn meanwhile, so everything the peers did reaches it in the next one.
 */
function holdTheLoopUntil(ready: () => boolean): void {
  const deadline = Date.now() + 2000;
  while (!ready()) if (Date.now() > deadline) throw new Error('the kernel never showed the state waited for');
}

/** The first line the server sends on `socket` (what came, if it closes first), within 5 s. */
function firstLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no line within 5 s (got ${JSON.stringify(text)})`)), 5000);
    const done = (line: string) => {
      clearTimeout(timer);
      resolve(line);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done(text.slice(0, text.indexOf('\n')));
    });
    socket.once('close', () => done(text));
    socket.on('error', () => {});
  });
}

const on = new ServeOn('native');
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await on.closeAll();
});

// node:net frees a slot at the socket's 'close', after its loop iteration's accepts; the native
// loop dispatches a turn's peer ends (and flushes them) before the turn's accepts.
it.runIf(process.platform === 'linux')(
  'frees the slot of a connection its peer ended before admitting a connection of the same turn',
  async () => {
    const { port } = await on.serve([new AnswerHandler()], { codec: 'lines', maxConnections: 1 });
    const first = await LineClient.connect({ port });
    first.send('hi');
    expect(await first.readLine()).toBe('got hi');
    const firstPort = first.socket.localPort;

    first.destroy();
    const second = connect({ port, host: '127.0.0.1' });
    sockets.push(second);
    // node:net makes the connect() call on the next tick; no loop turn runs before the hold.
    await new Promise((resolve) => process.nextTick(resolve));
    holdTheLoopUntil(() => {
      const kernel = kernelSockets();
      const queued = kernel.some((s) => s.localPort === port && s.state === LISTEN && s.rxQueue === 1);
      const ended = kernel.some((s) => s.localPort === port && s.remotePort === firstPort && s.state === CLOSE_WAIT);
      return queued && ended;
    });

    second.write('again\n');
    expect(await firstLine(second)).toBe('got again');
  },
);
