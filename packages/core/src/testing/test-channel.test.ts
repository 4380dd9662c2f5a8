import { container, inject, type InjectionToken } from 'tsyringe';
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../channel/connection.js';
import { handler } from '../handler/handler-decorator.js';
import { registerHandler } from '../handler/handler-registry.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { CONNECTION, HUB } from '../tokens.js';
import { TestChannel } from './test-channel.js';

/** Writes each line back in upper case; records the events it saw. */
@handler('upper', { scope: 'connection', framing: 'lines' })
class UpperHandler implements Handler<string> {
  readonly events: string[] = [];
  onMessage(ctx: HandlerContext, line: string): void {
    this.events.push(`message ${line}`);
    if (!ctx.write(line.toUpperCase())) this.events.push('refused');
  }
  onWritable(): void {
    this.events.push('writable');
  }
  onClose(): void {
    this.events.push('close');
  }
}

const GREETING: InjectionToken<string> = Symbol('greeting');

@handler('hello')
class HelloHandler implements Handler {
  constructor(@inject(GREETING) private readonly text: string) {}
  onOpen(ctx: HandlerContext): void {
    ctx.write(this.text);
  }
}

describe('TestChannel: inbound', () => {
  it('frames bytes with the codec the handler declares, split anywhere', async () => {
    const ch = await TestChannel.create([UpperHandler]);
    ch.receiveBytes('he').receiveBytes('llo\r\nwor').receiveBytes('ld\n');
    expect(ch.codec.name).toBe('lines');
    expect(ch.written()).toEqual(['HELLO', 'WORLD']);
    expect(ch.writtenBytes().toString()).toBe('HELLO\nWORLD\n');
  });

  it('applies the listener limits: a long line fails the channel with LINE_TOO_LONG', async () => {
    const ch = await TestChannel.create([UpperHandler], { options: { maxLineLength: 8 } });
    ch.receiveBytes('12345678\n').receiveBytes('x'.repeat(10));
    expect(ch.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(ch.written()).toEqual([
      '12345678',
      'ERROR LINE_TOO_LONG Line of 10 bytes or more exceeds the limit of 8 bytes',
    ]);
    expect(ch.closed).toBe(true);
    expect(ch.closeReason?.error?.code).toBe('LINE_TOO_LONG');
  });

  it('receive() skips the decoder, and the codec option wins over declared framing', async () => {
    const ch = await TestChannel.create([UpperHandler], { options: { codec: 'length-prefixed' } });
    ch.receive('abc', 'def');
    expect(ch.codec.name).toBe('length-prefixed');
    expect(ch.written().map(String)).toEqual(['ABC', 'DEF']);
    expect(ch.writtenBytes()).toEqual(Buffer.from([0, 0, 0, 3, 65, 66, 67, 0, 0, 0, 3, 68, 69, 70]));
  });

  it('on a ws:// URL one text message is one line, and written lines go out as text messages', async () => {
    const ch = await TestChannel.create([UpperHandler], { url: 'ws://127.0.0.1:8088/chat' });
    ch.receive('one', 'two');
    expect(ch.link.kind).toBe('message');
    expect(ch.written()).toEqual(['ONE', 'TWO']);
  });

  it('on a ws:// URL without declared framing, text stays text and binary stays binary', async () => {
    const echo: Handler = { onMessage: (ctx, msg) => void ctx.write(msg as string | Buffer) };
    const ch = await TestChannel.create([echo], { url: 'ws://127.0.0.1:8088/echo' });
    ch.receive('text').receiveBytes(Buffer.from([1, 2]));
    expect(ch.written()).toEqual(['text', Buffer.from([1, 2])]);
  });

  it('on a ws:// URL the connection has the upgrade request: path, query, headers', async () => {
    const ch = await TestChannel.create([UpperHandler], {
      url: 'ws://127.0.0.1:8088/chat?room=red',
      headers: { origin: 'http://127.0.0.1:8088' },
    });
    expect(ch.connection.request?.path).toBe('/chat');
    expect(ch.connection.request?.query.get('room')).toBe('red');
    expect(ch.connection.request?.headers.origin).toBe('http://127.0.0.1:8088');
    const tcp = await TestChannel.create([UpperHandler]);
    expect(tcp.connection.request).toBeUndefined();
  });

  it('rejects bad limits as listen() does', async () => {
    await expect(TestChannel.create([UpperHandler], { options: { maxLineLength: -1 } })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });
});

describe('TestChannel: outbound', () => {
  it('readOutbound() returns each written message once, then undefined', async () => {
    const ch = await TestChannel.create([UpperHandler]);
    ch.receive('a', 'b');
    expect([ch.readOutbound(), ch.readOutbound(), ch.readOutbound()]).toEqual(['A', 'B', undefined]);
    ch.receive('c');
    expect(ch.readOutbound()).toBe('C');
  });
});

describe('TestChannel: the peer and the reactor', () => {
  it('setWritable(false) refuses writes and holds input once the channel pauses; true drains and resumes', async () => {
    const pausing: Handler<string> = {
      onMessage: (ctx, line) => {
        if (!ctx.write(line)) ctx.connection.pause();
      },
      onWritable: (ctx) => ctx.connection.resume(),
    };
    const ch = await TestChannel.create([pausing], { options: { codec: 'lines' } });
    // One read is decoded whole (as from a socket); pausing holds the reads after it.
    ch.setWritable(false).receiveBytes('a\n').receiveBytes('b\n');
    expect(ch.isPaused).toBe(true);
    expect(ch.written()).toEqual(['a']);
    ch.setWritable(true);
    expect(ch.isPaused).toBe(false);
    expect(ch.written()).toEqual(['a', 'b']);
  });

  it('onWritable follows a refused write once the peer catches up', async () => {
    const upper = new UpperHandler();
    const ch = await TestChannel.create([upper]);
    ch.setWritable(false).receive('a');
    ch.setWritable(true);
    expect(upper.events).toEqual(['message a', 'refused', 'writable']);
  });

  it('a peer that stops reading past maxBufferedBytes is dropped with SLOW_CONSUMER, without a notice', async () => {
    const ch = await TestChannel.create([UpperHandler], { options: { maxBufferedBytes: 4 } });
    ch.setWritable(false).receive('abcd', 'efgh', 'ijkl');
    expect(ch.written()).toEqual(['ABCD', 'EFGH']);
    expect(ch.errors.map((e) => e.code)).toEqual(['SLOW_CONSUMER']);
    expect(ch.closed).toBe(true);
    expect(ch.link.destroyError).toBe(ch.errors[0]);
  });

  it('idle() fails a chain without onIdle with IDLE_TIMEOUT, and needs an idleTimeout', async () => {
    const plain = await TestChannel.create([UpperHandler]);
    expect(() => plain.idle()).toThrow(/idleTimeout/);
    const ch = await TestChannel.create([UpperHandler], { options: { idleTimeout: 30_000 } });
    expect(ch.link.idleTimeoutMs).toBe(30_000);
    ch.idle();
    expect(ch.errors.map((e) => e.code)).toEqual(['IDLE_TIMEOUT']);
    expect(ch.written()).toEqual([
      expect.stringMatching(/^ERROR IDLE_TIMEOUT No traffic from 127\.0\.0\.1:\d+ for 30000 ms/),
    ]);
  });

  it('peerEnd() without onEnd in the chain ends our side too, and the connection closes', async () => {
    const upper = new UpperHandler();
    const ch = await TestChannel.create([upper]);
    ch.receiveBytes('last line without newline').peerEnd();
    expect(ch.written()).toEqual(['LAST LINE WITHOUT NEWLINE']);
    expect(ch.ended).toBe(true);
    expect(ch.closed).toBe(true);
    expect(upper.events.at(-1)).toBe('close');
    expect(() => ch.receive('more')).toThrow(/cannot send after peerEnd/);
  });

  it('peerEnd() with onEnd in the chain leaves our side open', async () => {
    const ch = await TestChannel.create([{ onEnd: () => {} }]);
    ch.peerEnd();
    expect([ch.isOpen, ch.ended, ch.closed]).toEqual([true, false, false]);
    expect(ch.channel.isPeerEnded).toBe(true);
  });

  it('reset() reports ECONNRESET, then closes', async () => {
    const upper = new UpperHandler();
    const ch = await TestChannel.create([upper]);
    ch.reset();
    expect(ch.errors.map((e) => e.code)).toEqual(['ECONNRESET']);
    expect(ch.closed).toBe(true);
    expect(upper.events).toEqual(['close']);
  });

  it('shutdown() runs onShutdown, then sends the goodbye last and closes as going away', async () => {
    const ch = await TestChannel.create([{ onShutdown: (ctx) => void ctx.write('bye from the handler') }], {
      options: { codec: 'lines' },
    });
    ch.shutdown('Server going down');
    expect(ch.written()).toEqual(['bye from the handler', 'Server going down']);
    expect(ch.closeReason?.shutdown).toBe(true);
    expect(ch.closed).toBe(true);
  });

  it('a handler never hears onClose from inside its own call', async () => {
    const order: string[] = [];
    const ch = await TestChannel.create([
      {
        onMessage: (ctx) => {
          ctx.close();
          order.push('after close()');
        },
        onClose: () => void order.push('onClose'),
      },
    ]);
    ch.receive('quit');
    expect(order).toEqual(['after close()', 'onClose']);
    expect(ch.closed).toBe(true);
  });
});

describe('TestChannel: handler promises', () => {
  it('settled() waits for async handlers; a rejection fails the channel with HANDLER_FAILED', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store: Handler<string> = {
      async onMessage(ctx, key) {
        await gate;
        if (key === 'boom') throw new Error('store down');
        ctx.write(`got ${key}`);
      },
    };
    const ch = await TestChannel.create([store], { options: { codec: 'lines' } });
    ch.receive('a', 'boom');
    expect(ch.written()).toEqual([]);
    release();
    await ch.settled();
    expect(ch.errors.map((e) => e.code)).toEqual(['HANDLER_FAILED']);
    expect(ch.written()).toEqual(['got a', 'ERROR HANDLER_FAILED internal error']);
    expect(ch.closed).toBe(true);
  });

  it('settled() works under fake timers', async () => {
    vi.useFakeTimers();
    try {
      const ch = await TestChannel.create([
        {
          async onMessage(ctx: HandlerContext) {
            await Promise.resolve();
            ctx.write('late');
          },
        },
      ]);
      ch.receive('x');
      await ch.settled();
      expect(ch.writtenBytes().toString()).toBe('late');
    } finally {
      vi.useRealTimers();
    }
  });

  it('settled() rejects when a handler promise never settles', async () => {
    const ch = await TestChannel.create([{ onMessage: () => new Promise<void>(() => {}) }]);
    ch.receive('x');
    await expect(ch.settled(20)).rejects.toThrow(/1 handler promise\(s\) still pending after 20 ms/);
  });
});

describe('TestChannel: containers', () => {
  it('resolves names from the container, with overrides for this channel only', async () => {
    const di = container.createChildContainer();
    registerHandler(di, HelloHandler);
    di.registerInstance(GREETING, 'hello');
    const plain = await TestChannel.create(['hello'], { container: di });
    const custom = await TestChannel.create(['hello'], { container: di, overrides: [[GREETING, 'howdy']] });
    expect(plain.writtenBytes().toString()).toBe('hello');
    expect(custom.writtenBytes().toString()).toBe('howdy');
  });

  it('a connection-scoped handler may inject CONNECTION: it gets this test channel', async () => {
    @handler('whoami')
    class WhoAmIHandler implements Handler {
      constructor(@inject(CONNECTION) private readonly connection: Connection) {}
      onOpen(ctx: HandlerContext): void {
        ctx.write(this.connection === ctx.connection ? 'same' : 'other');
      }
    }
    const ch = await TestChannel.create([WhoAmIHandler]);
    expect(ch.writtenBytes().toString()).toBe('same');
  });

  it('channels from one container share its Hub, overrides or not', async () => {
    const di = container.createChildContainer();
    di.registerInstance(GREETING, 'hello');
    const joiner: Handler = { onOpen: (ctx) => di.resolve(HUB).join(ctx.connection) };
    const a = await TestChannel.create([joiner], { container: di });
    const b = await TestChannel.create([joiner], { container: di, overrides: [[GREETING, 'x']] });
    expect([...di.resolve(HUB).members()]).toEqual([a.channel, b.channel]);
    expect(a.channel.peer).not.toBe(b.channel.peer);
  });
});
