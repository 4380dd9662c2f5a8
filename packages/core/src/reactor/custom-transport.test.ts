import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../endpoint/endpoint.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import type { LinkSink } from '../transport/link.js';
import { MemoryLink } from '../transport/memory-link.js';
import type { AcceptLink, BoundListener, Transport } from '../transport/transport.js';
import { Reactor } from './reactor.js';

/** A transport that accepts in-memory links: stands in for a native one to show the seam holds. */
class FakeTransport implements Transport {
  readonly schemes = ['tcp'] as const;
  accept?: AcceptLink;
  closed = false;

  async listen(endpoint: Endpoint, _options: unknown, accept: AcceptLink): Promise<BoundListener> {
    this.accept = accept;
    return { url: `tcp://${endpoint.host}:4242`, port: 4242, close: async () => void (this.closed = true) };
  }

  async connect(): Promise<never> {
    throw new Error('not used');
  }
}

class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
}

describe('a transport passed in the options', () => {
  it('replaces the built-in one for its scheme; handlers and codecs do not notice', async () => {
    const fake = new FakeTransport();
    const reactor = new Reactor({ transports: [fake] });
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'lines' });
    await reactor.start();
    expect(listener.url).toBe('tcp://127.0.0.1:4242');

    const [server, client] = MemoryLink.pair();
    const heard: string[] = [];
    const sink: LinkSink = {
      onData: (data) => void heard.push(String(data)),
      onDrain: () => {},
      onEnd: () => {},
      onIdle: () => {},
      onError: () => {},
      onClose: () => {},
    };
    client.attach(sink);
    fake.accept!(server);
    client.write('one\ntw');
    client.write('o\n');
    const deadline = Date.now() + 2000;
    while (heard.join('') !== 'got one\ngot two\n' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(heard.join('')).toBe('got one\ngot two\n');
    expect(reactor.stats()).toMatchObject({ connections: 1, bytesIn: 8, bytesOut: 16 });

    await reactor.close({ graceMs: 200 });
    expect(fake.closed).toBe(true);
    expect(heard.join('')).toContain('Goodbye');
  });
});

describe("a listener's transport option", () => {
  class NamedFake extends FakeTransport {
    readonly name = 'native';
  }

  it("picks the named transport, 'js' the built-in one, and 'auto' the last one passed", async () => {
    const fake = new NamedFake();
    const reactor = new Reactor({ transports: [fake] });
    const named = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { transport: 'native' });
    const auto = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { transport: 'auto' });
    const js = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { transport: 'js' });
    await reactor.start();
    expect(named.port).toBe(4242);
    expect(auto.port).toBe(4242);
    expect(js.port).not.toBe(4242);
    await reactor.close({ graceMs: 50 });
  });

  it('refuses a name no transport for the scheme has, at listen(), with BAD_OPTION naming the choices', async () => {
    const reactor = new Reactor();
    expect(() => reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { transport: 'native' })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringContaining('(transport: auto, js)') }),
    );
    await reactor.close();
  });
});
