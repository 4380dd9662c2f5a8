import { container, inject, injectable } from 'tsyringe';
import { afterEach, expect, it, vi } from 'vitest';
import type { Connection } from '../channel/connection.js';
import { handler } from '../handler/handler-decorator.js';
import { registerConnectionService, registerHandler } from '../handler/handler-registry.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { eventually } from '../testing/eventually.js';
import { LineClient } from '../testing/line-client.js';
import { CONNECTION } from '../tokens.js';
import { Reactor } from './reactor.js';

/** Says whether the connection it was given is the one it serves. */
@handler('whoami', { framing: 'lines' })
class WhoAmIHandler implements Handler<string> {
  constructor(@inject(CONNECTION) private readonly connection: Connection) {}
  onMessage(ctx: HandlerContext): void {
    ctx.write(`${this.connection === ctx.connection ? 'mine' : 'not mine'} ${this.connection.id}`);
  }
}

/** Per-connection state two handlers share; built with its connection. */
@injectable()
class Session {
  static built = 0;
  readonly number = ++Session.built;
  constructor(@inject(CONNECTION) readonly connection: Connection) {}
}

@handler('first', { framing: 'lines' })
class FirstHandler implements Handler<string> {
  constructor(@inject(Session) private readonly session: Session) {}
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.next(`${msg} first:${this.session.number}`);
  }
}

@handler('second', { framing: 'lines' })
class SecondHandler implements Handler<string> {
  constructor(@inject(Session) private readonly session: Session) {}
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`${msg} second:${this.session.number} own:${this.session.connection === ctx.connection}`);
  }
}

@handler('plain', { framing: 'lines' })
class PlainHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(msg);
  }
}

@handler('shared-whoami', { scope: 'listener' })
class SharedWhoAmIHandler implements Handler {
  constructor(@inject(CONNECTION) readonly connection: Connection) {}
  onOpen(): void {}
}

@handler('forgetful')
class ForgetfulHandler implements Handler {
  constructor(
    @inject(CONNECTION) readonly connection: Connection,
    readonly session: Session,
  ) {}
  onOpen(): void {}
}

@handler('grumpy')
class GrumpyHandler implements Handler {
  constructor(@inject(CONNECTION) connection: Connection) {
    if (connection.id % 2 === 1) throw new Error('odd connections are not welcome');
  }
  onOpen(): void {}
}

let reactor: Reactor | undefined;
afterEach(() => reactor?.close({ graceMs: 100 }));

function app() {
  const scope = container.createChildContainer();
  registerHandler(scope, WhoAmIHandler, FirstHandler, SecondHandler, PlainHandler);
  registerHandler(scope, SharedWhoAmIHandler, ForgetfulHandler, GrumpyHandler);
  registerConnectionService(scope, Session);
  return scope;
}

it('gives a connection-scoped handler that injects CONNECTION its own connection', async () => {
  reactor = new Reactor({ container: app() });
  const listener = reactor.listen('tcp://127.0.0.1:0', ['whoami']);
  await reactor.start();
  const [a, b] = [await LineClient.connect({ port: listener.port }), await LineClient.connect({ port: listener.port })];
  a.send('?');
  b.send('?');
  const [fromA, fromB] = [await a.readLine(), await b.readLine()];
  expect(fromA).toMatch(/^mine \d+$/);
  expect(fromB).toMatch(/^mine \d+$/);
  expect(fromA).not.toBe(fromB);
});

it('shares one connection service between the handlers of a connection, one per connection', async () => {
  reactor = new Reactor({ container: app() });
  const listener = reactor.listen('tcp://127.0.0.1:0', ['first', 'second']);
  await reactor.start();
  const before = Session.built;
  const a = await LineClient.connect({ port: listener.port });
  const b = await LineClient.connect({ port: listener.port });
  a.send('a');
  b.send('b');
  const [fromA, fromB] = [await a.readLine(), await b.readLine()];
  const [, firstA, secondA] = /^a first:(\d+) second:(\d+) own:true$/.exec(fromA)!;
  const [, firstB, secondB] = /^b first:(\d+) second:(\d+) own:true$/.exec(fromB)!;
  expect(firstA).toBe(secondA);
  expect(firstB).toBe(secondB);
  expect(firstA).not.toBe(firstB);
  // None was built at listen(): there was no connection to build it with.
  expect(Session.built - before).toBe(2);
});

it('makes a container per connection only for chains that inject the connection', async () => {
  const scope = app();
  reactor = new Reactor({ container: scope });
  const plain = reactor.listen('tcp://127.0.0.1:0', ['plain']);
  const injecting = reactor.listen('tcp://127.0.0.1:0', ['whoami', 'plain']);
  await reactor.start();
  const children = vi.spyOn(scope, 'createChildContainer');
  for (let i = 0; i < 3; i++) {
    const client = await LineClient.connect({ port: plain.port });
    client.send('x');
    expect(await client.readLine()).toBe('x');
  }
  expect(children).not.toHaveBeenCalled();
  const client = await LineClient.connect({ port: injecting.port });
  client.send('?');
  expect(await client.readLine()).toMatch(/^mine/);
  expect(children).toHaveBeenCalledTimes(1);
});

it('fails listen() for a listener-scoped handler that injects CONNECTION, and for a missing @inject', () => {
  reactor = new Reactor({ container: app() });
  expect(() => reactor!.listen('tcp://127.0.0.1:0', ['shared-whoami'])).toThrow(
    expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringContaining("scope 'connection'") }),
  );
  expect(() => reactor!.listen('tcp://127.0.0.1:0', ['forgetful'])).toThrow(
    expect.objectContaining({
      code: 'BAD_OPTION',
      message: 'Cannot build handler "forgetful": parameter #1 of ForgetfulHandler has no @inject(token)',
    }),
  );
});

it('refuses only the connection whose handler constructor throws', async () => {
  reactor = new Reactor({ container: app() });
  const refused: string[] = [];
  reactor.on('refused', (refusal) => refused.push(refusal.error.code));
  const listener = reactor.listen('tcp://127.0.0.1:0', ['grumpy', 'whoami']);
  await reactor.start();
  const answers: string[] = [];
  for (let i = 0; i < 2; i++) {
    const client = await LineClient.connect({ port: listener.port });
    client.send('?');
    answers.push(await client.readLine());
  }
  expect(answers.sort()).toEqual(['ERROR HANDLER_FAILED internal error', expect.stringMatching(/^mine \d+$/)]);
  await eventually(() => refused.length === 1);
  expect(refused).toEqual(['HANDLER_FAILED']);
});
