import { container, inject, type InjectionToken } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../handler/handler-decorator.js';
import { registerHandler } from '../handler/handler-registry.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import type { Listener } from './listener.js';
import { Reactor } from './reactor.js';

/** A team's own service and handler, wired the way the docs tell users to. */
interface Shouter {
  shout(text: string): string;
}
const SHOUTER: InjectionToken<Shouter> = Symbol('test.Shouter');

@handler('shout', { framing: 'lines' })
class ShoutHandler implements Handler<string> {
  constructor(@inject(SHOUTER) private readonly shouter: Shouter) {}
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(this.shouter.shout(msg));
  }
}

/** Counts its instances: scope 'connection' must build one per connection. */
@handler('counter', { framing: 'lines' })
class CounterHandler implements Handler<string> {
  static built = 0;
  private readonly id = ++CounterHandler.built;
  onMessage(ctx: HandlerContext): void {
    ctx.write(`instance ${this.id}`);
  }
}

/** Forgot its @inject: must fail at listen(), not at the first connection. */
@handler('broken')
class BrokenHandler implements Handler {
  constructor(readonly shouter: Shouter) {}
  onOpen(ctx: HandlerContext): void {
    ctx.write(this.shouter.shout('unreachable'));
  }
}

@handler('framed', { framing: 'length-prefixed' })
class FramedHandler implements Handler {}

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

describe('handlers from the container', () => {
  it('serves a user handler with an injected user service, registered in a child container', async () => {
    const child = container.createChildContainer();
    child.registerInstance(SHOUTER, { shout: (text: string) => `${text.toUpperCase()}!` });
    registerHandler(child, ShoutHandler);
    reactor = new Reactor({ container: child });
    const listener = reactor.listen('tcp://127.0.0.1:0', ['shout']);
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.send('hello');
    expect(await client.readLine()).toBe('HELLO!');
    // Nothing leaked into the root container.
    expect(container.isRegistered(SHOUTER, true)).toBe(false);
  });

  it('builds a connection-scoped handler once per connection', async () => {
    const child = container.createChildContainer();
    registerHandler(child, CounterHandler);
    reactor = new Reactor({ container: child });
    const listener = reactor.listen('tcp://127.0.0.1:0', ['counter']);
    await reactor.start();
    const answers = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const client = await LineClient.connect({ port: listener.port });
      client.send('who');
      answers.add(await client.readLine());
      client.destroy();
    }
    expect(answers.size).toBe(3);
  });

  it('rejects an unknown handler name with UNKNOWN_HANDLER, listing the registered ones', () => {
    const child = container.createChildContainer();
    registerHandler(child, ShoutHandler, CounterHandler);
    reactor = new Reactor({ container: child });
    let caught: unknown;
    try {
      reactor.listen('tcp://127.0.0.1:0', ['shuot']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'UNKNOWN_HANDLER' });
    expect((caught as Error).message).toContain('"shuot"');
    expect((caught as Error).message).toContain('counter, shout');
  });

  it('rejects a handler that cannot be built (missing @inject) at listen() with BAD_OPTION', () => {
    const child = container.createChildContainer();
    registerHandler(child, BrokenHandler);
    reactor = new Reactor({ container: child });
    expect(() => reactor.listen('tcp://127.0.0.1:0', ['broken'])).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('rejects handlers that need different framings with BAD_OPTION, unless the codec option decides', () => {
    const child = container.createChildContainer();
    registerHandler(child, ShoutHandler, FramedHandler);
    child.registerInstance(SHOUTER, { shout: (text: string) => text });
    reactor = new Reactor({ container: child });
    expect(() => reactor.listen('tcp://127.0.0.1:0', ['framed', 'shout'])).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    const listener = reactor.listen('tcp://127.0.0.1:0', ['framed', 'shout'], { codec: 'lines' }) as Listener;
    expect(listener.config.codec.name).toBe('lines');
  });

  it('rejects a class without @handler at registration with BAD_OPTION', () => {
    class Plain implements Handler {}
    expect(() => registerHandler(container.createChildContainer(), Plain)).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });
});
