import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { SwitchboardError } from '../errors.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { Reactor } from './reactor.js';
import { eventually } from '../testing/eventually.js';

/** Answers `got <line>`; throws on "throw", rejects on "reject". */
class FragileHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void | Promise<void> {
    if (msg === 'throw') throw new Error('boom');
    if (msg === 'reject') return Promise.reject(new Error('async boom'));
    ctx.write(`got ${msg}`);
  }
}

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

async function start(): Promise<{
  port: number;
  errors: [SwitchboardError, Connection | undefined][];
  closes: Connection[];
}> {
  reactor = new Reactor();
  const errors: [SwitchboardError, Connection | undefined][] = [];
  const closes: Connection[] = [];
  reactor.on('error', (err, channel) => errors.push([err, channel]));
  reactor.on('close', (channel) => closes.push(channel));
  const listener = reactor.listen('tcp://127.0.0.1:0', [new FragileHandler()], { codec: 'lines' });
  await reactor.start();
  return { port: listener.port, errors, closes };
}

describe('a failing handler fails only its own connection', () => {
  for (const trigger of ['throw', 'reject']) {
    it(`when it ${trigger}s: ERROR HANDLER_FAILED internal error, an error event, others unaffected`, async () => {
      const { port, errors } = await start();
      const victim = await LineClient.connect({ port });
      const bystander = await LineClient.connect({ port });
      const victimPort = victim.socket.localPort;
      victim.send(trigger);
      expect(await victim.readLine()).toBe('ERROR HANDLER_FAILED internal error');
      await victim.waitForClose();
      expect(errors).toHaveLength(1);
      const [err, channel] = errors[0]!;
      expect(err.code).toBe('HANDLER_FAILED');
      expect((err.cause as Error).message).toMatch(/boom/);
      expect(channel?.peer).toBe(`127.0.0.1:${victimPort}`);
      bystander.send('ok');
      expect(await bystander.readLine()).toBe('got ok');
    });
  }

  it('a handler that throws in onOpen fails that connection only', async () => {
    reactor = new Reactor();
    const errors: SwitchboardError[] = [];
    reactor.on('error', (err) => errors.push(err));
    let opened = 0;
    const grumpy: Handler = {
      onOpen: () => {
        if (++opened === 1) throw new Error('not today');
      },
    };
    const listener = reactor.listen('tcp://127.0.0.1:0', [grumpy, new FragileHandler()], { codec: 'lines' });
    await reactor.start();
    const first = await LineClient.connect({ port: listener.port });
    expect(await first.readLine()).toBe('ERROR HANDLER_FAILED internal error');
    const second = await LineClient.connect({ port: listener.port });
    second.send('hi');
    expect(await second.readLine()).toBe('got hi');
    expect(errors.map((e) => e.code)).toEqual(['HANDLER_FAILED']);
  });
});

describe('a handler failing after its channel closed', () => {
  it('is still reported as HANDLER_FAILED (onClose throws, or a promise rejects late)', async () => {
    reactor = new Reactor();
    const errors: SwitchboardError[] = [];
    reactor.on('error', (err) => errors.push(err));
    const late: Handler<string> = {
      onMessage: () => new Promise<void>((_, reject) => setTimeout(() => reject(new Error('late')), 50)),
      onClose: () => {
        throw new Error('cleanup failed');
      },
    };
    const listener = reactor.listen('tcp://127.0.0.1:0', [late], { codec: 'lines' });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.send('slow');
    client.destroy();
    await eventually(() => errors.filter((e) => e.code === 'HANDLER_FAILED').length === 2);
    const causes = errors.filter((e) => e.code === 'HANDLER_FAILED').map((e) => (e.cause as Error).message);
    expect(causes.sort()).toEqual(['cleanup failed', 'late']);
  });
});

describe('an abrupt reset', () => {
  it('mid-message closes that channel, is reported, and the server keeps serving', async () => {
    const { port, errors, closes } = await start();
    const bystander = await LineClient.connect({ port });
    const rude = await LineClient.connect({ port });
    rude.write('half a li');
    await new Promise((resolve) => setTimeout(resolve, 20));
    rude.socket.resetAndDestroy();
    await eventually(() => closes.length === 1);
    // A reset is reported as the channel's error (ECONNRESET), never thrown. Compare the whole list:
    // a loop over the errors would also pass when there were none.
    expect(errors.map(([err]) => err.code)).toEqual(['ECONNRESET']);
    expect(errors[0]![1]).toBe(closes[0]);
    bystander.send('still');
    expect(await bystander.readLine()).toBe('got still');
    expect(reactor.stats().connections).toBe(1);
  });

  it('while the server is writing a lot does not crash the reactor', async () => {
    reactor = new Reactor();
    const closes: Connection[] = [];
    reactor.on('close', (channel) => closes.push(channel));
    const chunk = Buffer.alloc(64 * 1024, 'y');
    const writer: Handler<string> = {
      onMessage(ctx, msg) {
        if (msg !== 'go') return void ctx.write(`got ${msg}`);
        for (let i = 0; i < 32; i++) ctx.write(chunk);
      },
    };
    const listener = reactor.listen('tcp://127.0.0.1:0', [writer], { codec: 'lines' });
    await reactor.start();
    const rude = await LineClient.connect({ port: listener.port });
    rude.send('go');
    await rude.readBytes(1);
    rude.socket.resetAndDestroy();
    await eventually(() => closes.length === 1);
    const next = await LineClient.connect({ port: listener.port });
    next.send('x');
    expect(await next.readLine()).toBe('got x');
  });
});
