import { container, inject, type InjectionToken } from 'tsyringe';
import { afterEach, expect, it } from 'vitest';
import { handler } from '../handler/handler-decorator.js';
import { registerHandler } from '../handler/handler-registry.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { Reactor } from './reactor.js';

interface BannerOptions {
  readonly text: string;
}
const BANNER_OPTIONS: InjectionToken<BannerOptions> = Symbol('test.BannerOptions');

@handler('banner', { scope: 'listener', framing: 'lines', options: BANNER_OPTIONS })
class BannerHandler implements Handler<string> {
  constructor(@inject(BANNER_OPTIONS) private readonly options: BannerOptions) {}
  onOpen(ctx: HandlerContext): void {
    ctx.write(this.options.text);
  }
}

@handler('quiet', { framing: 'lines' })
class QuietHandler implements Handler<string> {}

let reactor: Reactor | undefined;
afterEach(() => reactor?.close({ graceMs: 100 }));

function app() {
  const scope = container.createChildContainer();
  registerHandler(scope, BannerHandler, QuietHandler);
  scope.registerInstance(BANNER_OPTIONS, { text: 'default banner' });
  return scope;
}

it("gives each listener's handler its own options, and the container's default to listeners without", async () => {
  const scope = app();
  reactor = new Reactor({ container: scope });
  const hello = reactor.listen('tcp://127.0.0.1:0', ['banner'], { handlerOptions: { banner: { text: 'hello' } } });
  const bonjour = reactor.listen('tcp://127.0.0.1:0', ['banner'], { handlerOptions: { banner: { text: 'bonjour' } } });
  const plain = reactor.listen('tcp://127.0.0.1:0', ['banner']);
  await reactor.start();
  for (const [listener, text] of [
    [hello, 'hello'],
    [bonjour, 'bonjour'],
    [plain, 'default banner'],
  ] as const) {
    const client = await LineClient.connect({ port: listener.port });
    expect(await client.readLine()).toBe(text);
  }
  // Nothing leaked into the app container.
  expect(scope.resolve<BannerOptions>(BANNER_OPTIONS).text).toBe('default banner');
});

it('ignores options for a registered handler the chain does not use', async () => {
  reactor = new Reactor({ container: app() });
  const listen = () =>
    reactor!.listen('tcp://127.0.0.1:0', ['quiet'], { handlerOptions: { banner: { text: 'unused' } } });
  expect(listen).not.toThrow();
});

it('fails listen() with BAD_OPTION for an unknown name and for a handler that takes no options', () => {
  reactor = new Reactor({ container: app() });
  expect(() =>
    reactor!.listen('tcp://127.0.0.1:0', ['banner'], { handlerOptions: { baner: { text: 'typo' } } }),
  ).toThrow(
    expect.objectContaining({
      code: 'BAD_OPTION',
      message: 'handlerOptions names "baner", but no handler has that name',
    }),
  );
  expect(() => reactor!.listen('tcp://127.0.0.1:0', ['quiet'], { handlerOptions: { quiet: {} } })).toThrow(
    expect.objectContaining({
      code: 'BAD_OPTION',
      message: 'Handler "quiet" takes no options: its @handler declares no options token',
    }),
  );
});
