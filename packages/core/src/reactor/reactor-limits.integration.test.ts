import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { Decoder, DecoderSink } from '../codec/codec.js';
import { LineCodec } from '../codec/line-codec.js';
import type { SwitchboardError } from '../errors.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { Reactor } from './reactor.js';
import { eventually } from '../testing/eventually.js';

class AnswerHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
}

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

function collectErrors(r: Reactor): SwitchboardError[] {
  const errors: SwitchboardError[] = [];
  r.on('error', (err) => errors.push(err));
  return errors;
}

describe('maxConnections', () => {
  it('refuses the third client with one ERROR line, keeps the first two, accepts again after one leaves', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'lines', maxConnections: 2 });
    await reactor.start();
    const a = await LineClient.connect({ port: listener.port });
    const b = await LineClient.connect({ port: listener.port });
    a.send('a');
    b.send('b');
    expect(await a.readLine()).toBe('got a');
    expect(await b.readLine()).toBe('got b');

    const third = await LineClient.connect({ port: listener.port });
    expect(await third.readLine()).toMatch(/^ERROR MAX_CONNECTIONS .*2 connections/);
    await third.waitForClose();
    expect(third.received.toString()).toMatch(/^ERROR MAX_CONNECTIONS [^\n]*\n$/);

    a.send('still here');
    expect(await a.readLine()).toBe('got still here');
    b.destroy();
    await eventually(() => listener.connections === 1);
    const fourth = await LineClient.connect({ port: listener.port });
    fourth.send('in');
    expect(await fourth.readLine()).toBe('got in');
    expect(reactor.stats()).toMatchObject({ accepted: 3, refused: 1, connections: 2 });
  });

  it('survives a refused client that resets at once', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'lines', maxConnections: 1 });
    await reactor.start();
    const a = await LineClient.connect({ port: listener.port });
    for (let i = 0; i < 5; i++) {
      const rude = await LineClient.connect({ port: listener.port });
      rude.socket.resetAndDestroy();
    }
    await eventually(() => reactor.stats().refused === 5);
    a.send('ok');
    expect(await a.readLine()).toBe('got ok');
  });
});

describe('idleTimeout', () => {
  it('fails an idle connection with ERROR IDLE_TIMEOUT and closes it', async () => {
    reactor = new Reactor();
    const errors = collectErrors(reactor);
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec: 'lines', idleTimeout: 100 });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    const started = Date.now();
    expect(await client.readLine()).toMatch(/^ERROR IDLE_TIMEOUT /);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await client.waitForClose();
    expect(errors.map((e) => e.code)).toEqual(['IDLE_TIMEOUT']);
  });

  it('keeps an idle connection when a handler has onIdle', async () => {
    let idles = 0;
    const keeper: Handler<string> = {
      onIdle: () => void idles++,
      onMessage: (ctx, msg) => void ctx.write(`got ${msg}`),
    };
    reactor = new Reactor({ idleTimeout: 50 });
    const listener = reactor.listen('tcp://127.0.0.1:0', [keeper], { codec: 'lines' });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    await eventually(() => idles >= 2);
    client.send('awake');
    expect(await client.readLine()).toBe('got awake');
  });
});

describe('slow consumer', () => {
  it('drops a client that does not read with SLOW_CONSUMER; others are unaffected', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'z');
    /** On "flood", writes up to 64 MiB without waiting for the peer. */
    const flooder: Handler<string> = {
      onMessage(ctx, msg) {
        if (msg !== 'flood') return void ctx.write(`got ${msg}`);
        for (let i = 0; i < 64 && ctx.connection.isOpen; i++) ctx.write(chunk);
      },
    };
    reactor = new Reactor();
    const errors: [SwitchboardError, Connection | undefined][] = [];
    reactor.on('error', (err, channel) => errors.push([err, channel]));
    const listener = reactor.listen('tcp://127.0.0.1:0', [flooder], { codec: 'lines', maxBufferedBytes: 256 * 1024 });
    await reactor.start();
    const other = await LineClient.connect({ port: listener.port });
    const slow = await LineClient.connect({ port: listener.port });
    slow.socket.pause();
    slow.send('flood');
    await eventually(() => errors.length > 0, 5000);
    expect(errors[0]![0].code).toBe('SLOW_CONSUMER');
    expect(errors[0]![1]?.peer).toBe(`127.0.0.1:${slow.socket.localPort}`);
    await eventually(() => listener.connections === 1);
    other.send('fine');
    expect(await other.readLine()).toBe('got fine');
    slow.destroy();
  });
});

describe('a 10 MB line against the 64 KiB limit', () => {
  it('fails that client with LINE_TOO_LONG, holds at most the limit, keeps serving another client', async () => {
    // Watches every decoder the listener makes, to see how much it ever holds.
    let maxHeld = 0;
    const lines = new LineCodec();
    const codec = Object.create(lines) as LineCodec;
    codec.createDecoder = (sink: DecoderSink): Decoder => {
      const decoder = lines.createDecoder(sink);
      const push = decoder.push.bind(decoder);
      decoder.push = (chunk: Buffer) => {
        push(chunk);
        maxHeld = Math.max(maxHeld, decoder.bufferedBytes);
      };
      return decoder;
    };
    reactor = new Reactor();
    const errors = collectErrors(reactor);
    const listener = reactor.listen('tcp://127.0.0.1:0', [new AnswerHandler()], { codec });
    await reactor.start();
    const bystander = await LineClient.connect({ port: listener.port });
    const flooder = await LineClient.connect({ port: listener.port });
    const before = process.memoryUsage().rss;

    flooder.write(Buffer.alloc(10 * 1024 * 1024, 'a'));
    bystander.send('during');
    expect(await bystander.readLine()).toBe('got during');
    const line = await flooder.readLine();
    expect(line).toMatch(/^ERROR LINE_TOO_LONG /);
    expect(line).toContain('65536');
    await flooder.waitForClose();

    expect(errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(maxHeld).toBeLessThanOrEqual(64 * 1024 + 1);
    // The client's own 10 MB buffer is in this process too; the server must add little on top.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    bystander.send('after');
    expect(await bystander.readLine()).toBe('got after');
  });
});
