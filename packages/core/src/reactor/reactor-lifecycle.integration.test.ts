import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { SwitchboardError } from '../errors.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { MessageRecorder } from '../testing/message-recorder.js';
import { Reactor } from './reactor.js';
import type { RefusedConnection } from './reactor-events.js';
import { eventually } from '../testing/eventually.js';

/** Answers each line with `got <line>`. */
class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
}

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

/** Resolves once `predicate` holds, checking every 5 ms for at most `timeoutMs`. */

describe('Reactor lifecycle events and stats', () => {
  it('emits listening, connection, refused and close, and counts them in stats()', async () => {
    reactor = new Reactor();
    const events: string[] = [];
    const refused: RefusedConnection[] = [];
    const closed: Connection[] = [];
    reactor.on('listening', ({ url, port }) => events.push(`listening ${url} ${port}`));
    reactor.on('connection', (channel) => events.push(`connection ${channel.peer}`));
    reactor.on('close', (channel) => closed.push(channel));
    reactor.on('refused', (info) => refused.push(info));
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'lines', maxConnections: 1 });
    await reactor.start();
    expect(listener.port).toBeGreaterThan(0);
    expect(events).toEqual([`listening tcp://127.0.0.1:${listener.port} ${listener.port}`]);

    const client = await LineClient.connect({ port: listener.port });
    const clientPort = client.socket.localPort;
    client.send('hello');
    expect(await client.readLine()).toBe('got hello');
    expect(events[1]).toBe(`connection 127.0.0.1:${clientPort}`);

    const extra = await LineClient.connect({ port: listener.port });
    const extraPort = extra.socket.localPort;
    expect(await extra.readLine()).toMatch(/^ERROR MAX_CONNECTIONS /);
    await extra.waitForClose();
    await eventually(() => refused.length === 1);
    expect(refused[0]!.error.code).toBe('MAX_CONNECTIONS');
    expect(refused[0]!.peer).toBe(`127.0.0.1:${extraPort}`);

    const live = reactor.stats();
    expect(live).toMatchObject({ connections: 1, accepted: 1, refused: 1 });
    expect(live.bytesIn).toBe('hello\n'.length);
    expect(live.bytesOut).toBe('got hello\n'.length);
    expect(live.listeners).toEqual([
      {
        url: listener.url,
        connections: 1,
        bytesIn: 'hello\n'.length,
        bytesOut: 'got hello\n'.length,
        messagesIn: 1,
        messagesOut: 1,
        backpressureStalls: 0,
      },
    ]);

    client.send('bye');
    expect(await client.readLine()).toBe('got bye');
    client.end();
    await client.waitForClose();
    await eventually(() => closed.length === 1);
    expect(closed[0]!.peer).toBe(`127.0.0.1:${clientPort}`);
    // The channel names the real port of a port-0 listener, as the connect/disconnect log lines do.
    expect(closed[0]!.url).toBe(`tcp://127.0.0.1:${listener.port}`);
    const after = reactor.stats();
    expect(after).toMatchObject({ connections: 0, accepted: 1, refused: 1 });
    // Bytes of closed channels stay counted.
    expect(after.bytesIn).toBe('hello\nbye\n'.length);
    expect(after.bytesOut).toBe('got hello\ngot bye\n'.length);
    // So do their messages (the refused client's ERROR line was not a channel's).
    expect(after).toMatchObject({ messagesIn: 2, messagesOut: 2 });
    expect(after.listeners).toEqual([
      {
        url: listener.url,
        connections: 0,
        bytesIn: after.bytesIn,
        bytesOut: after.bytesOut,
        messagesIn: 2,
        messagesOut: 2,
        backpressureStalls: 0,
      },
    ]);
  });

  it('emits shutdown once close() has finished', async () => {
    reactor = new Reactor();
    let shutdowns = 0;
    reactor.on('shutdown', () => shutdowns++);
    reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()]);
    await reactor.start();
    await reactor.close({ graceMs: 50 });
    await reactor.close();
    expect(shutdowns).toBe(1);
  });
});

describe('Reactor.connect', () => {
  it('opens an outbound channel that talks to a listener on the same reactor', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'lines' });
    await reactor.start();
    const recorder = new MessageRecorder();
    const channel = await reactor.connect(`tcp://127.0.0.1:${listener.port}`, [recorder], { codec: 'lines' });
    expect(channel.remote).toMatchObject({ address: '127.0.0.1', port: listener.port, family: 'IPv4' });
    channel.write('ping');
    expect(await recorder.next()).toBe('got ping');
    // One accepted by the listener, one made by connect().
    expect(reactor.stats()).toMatchObject({ connections: 2, accepted: 2 });
    channel.close();
    await recorder.waitForClose();
    await eventually(() => reactor.stats().connections === 0);
  });

  it('rejects with ECONNREFUSED naming the address when nobody listens', async () => {
    reactor = new Reactor();
    const probe = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()]);
    await reactor.start();
    const port = probe.port;
    await reactor.close({ graceMs: 10 });
    reactor = new Reactor();
    const err = (await reactor
      .connect(`tcp://127.0.0.1:${port}`, [new AnswerHandler()])
      .catch((e) => e)) as SwitchboardError;
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });
});

describe('listen() checks its arguments at once', () => {
  const expectCode = (fn: () => unknown, code: string) => expect(fn).toThrow(expect.objectContaining({ code }));

  it('BAD_URL for malformed or unsupported addresses', () => {
    reactor = new Reactor();
    expectCode(() => reactor.listen('127.0.0.1:5055', [new AnswerHandler()]), 'BAD_URL');
    expectCode(() => reactor.listen('gopher://127.0.0.1:70', [new AnswerHandler()]), 'BAD_URL');
  });

  it('BAD_OPTION for bad limits, an empty chain, or handlers that need different framings', () => {
    expect(() => new Reactor({ maxConnections: -1 })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    reactor = new Reactor();
    expectCode(() => reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { idleTimeout: 1.5 }), 'BAD_OPTION');
    expectCode(() => reactor.listen('tcp://127.0.0.1:0', []), 'BAD_OPTION');
    expectCode(
      () => reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'morse' as never }),
      'BAD_OPTION',
    );
    expect(reactor.listening).toHaveLength(0);
  });
});
