import { afterEach, describe, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { DEFAULT_GOODBYE } from './reactor-options.js';
import { Reactor } from './reactor.js';

class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
}

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

async function serve(options: ConstructorParameters<typeof Reactor>[0] = {}, handlers: Handler[] = []) {
  reactor = new Reactor(options);
  const listener = reactor.listen('tcp://127.0.0.1:0', [...handlers, new AnswerHandler()], { codec: 'lines' });
  await reactor.start();
  return listener.port;
}

describe('graceful shutdown', () => {
  it('says goodbye to every client, lets them go, and resolves well before graceMs', async () => {
    const port = await serve();
    const clients = [await LineClient.connect({ port }), await LineClient.connect({ port })];
    clients[0]!.send('hi');
    expect(await clients[0]!.readLine()).toBe('got hi');
    const started = Date.now();
    await reactor.close({ graceMs: 3000 });
    expect(Date.now() - started).toBeLessThan(1000);
    for (const client of clients) {
      expect(await client.readLine()).toBe(DEFAULT_GOODBYE);
      await client.waitForClose();
    }
    expect(reactor.stats().connections).toBe(0);
  });

  it('lets handlers write last words in onShutdown, then sends a custom goodbye', async () => {
    const lastWords: Handler = { onShutdown: (ctx) => void ctx.write('saving your game') };
    const port = await serve({ goodbye: 'See you' }, [lastWords]);
    const client = await LineClient.connect({ port });
    await reactor.close({ graceMs: 1000 });
    expect(await client.readLine()).toBe('saving your game');
    expect(await client.readLine()).toBe('See you');
  });

  it('destroys a client that does not finish within graceMs', async () => {
    const port = await serve();
    const stuck = await LineClient.connect({ port });
    stuck.endOnServerEnd = false;
    const started = Date.now();
    await reactor.close({ graceMs: 200 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(1500);
    expect(await stuck.readLine()).toBe(DEFAULT_GOODBYE);
    await stuck.waitForClose(1000);
    expect(reactor.stats().connections).toBe(0);
  });

  it('refuses new work after close: listen and connect throw REACTOR_CLOSED', async () => {
    const port = await serve();
    await reactor.close({ graceMs: 50 });
    expect(() => reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()])).toThrow(
      expect.objectContaining({ code: 'REACTOR_CLOSED' }),
    );
    await expect(reactor.connect(`tcp://127.0.0.1:${port}`, [new AnswerHandler()])).rejects.toMatchObject({
      code: 'REACTOR_CLOSED',
    });
    await expect(LineClient.connect({ port }, 1000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(reactor.start()).rejects.toMatchObject({ code: 'REACTOR_CLOSED' });
  });

  it('close() during start() leaves nothing listening', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()]);
    const starting = reactor.start();
    const closing = reactor.close({ graceMs: 50 });
    await expect(starting).rejects.toMatchObject({ code: 'REACTOR_CLOSED' });
    await closing;
    expect(listener.port).toBe(0);
  });
});
