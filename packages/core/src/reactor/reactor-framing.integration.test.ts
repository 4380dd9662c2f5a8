import { afterEach, describe, expect, it } from 'vitest';
import type { CodecFactory } from '../codec/create-codec.js';
import { LineCodec } from '../codec/line-codec.js';
import { handler } from '../handler/handler-decorator.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { LineClient } from '../testing/line-client.js';
import { Reactor } from './reactor.js';

/** Sends each message back as it came. */
class MirrorHandler implements Handler<Uint8Array> {
  onMessage(ctx: HandlerContext, msg: Uint8Array): void {
    ctx.write(msg);
  }
}

let reactor: Reactor;
afterEach(() => reactor?.close({ graceMs: 100 }));

const frame = (payload: Buffer) => {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
};

describe('length-prefixed framing over TCP', () => {
  it('answers whole frames whatever way the client splits them', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [new MirrorHandler()], { codec: 'length-prefixed' });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    const frames = [frame(Buffer.from('one')), frame(Buffer.alloc(0)), frame(Buffer.from([0, 0xff, 10]))];
    const wire = Buffer.concat(frames);
    for (let i = 0; i < wire.length; i += 3) {
      client.write(wire.subarray(i, i + 3));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect((await client.readBytes(wire.length)).equals(wire)).toBe(true);
  });

  it('fails a frame over maxFrameLength with FRAME_TOO_LONG: a close, not a frame the client did not ask for', async () => {
    reactor = new Reactor();
    const codes: string[] = [];
    reactor.on('error', (err) => codes.push(err.code));
    const listener = reactor.listen('tcp://127.0.0.1:0', [new MirrorHandler()], {
      codec: 'length-prefixed',
      maxFrameLength: 16,
    });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.write(frame(Buffer.alloc(17)));
    await client.waitForClose();
    expect(client.received.length).toBe(0);
    expect(codes).toEqual(['FRAME_TOO_LONG']);
  });

  it('tells FRAME_TOO_LONG as one frame when the listener asks for notices', async () => {
    reactor = new Reactor();
    const listener = reactor.listen('tcp://127.0.0.1:0', [new MirrorHandler()], {
      codec: 'length-prefixed',
      maxFrameLength: 16,
      notices: true,
    });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.write(frame(Buffer.alloc(17)));
    await client.waitForClose();
    const size = client.received.readUInt32BE(0);
    expect(client.received.length).toBe(4 + size);
    expect(client.received.subarray(4).toString()).toMatch(/^ERROR FRAME_TOO_LONG .*17.*16 bytes$/);
  });
});

describe('raw framing over TCP', () => {
  it('passes bytes through, and closes an idle client without a byte it did not ask for', async () => {
    reactor = new Reactor({ idleTimeout: 50 });
    const codes: string[] = [];
    reactor.on('error', (err) => codes.push(err.code));
    const listener = reactor.listen('tcp://127.0.0.1:0', [new MirrorHandler()]);
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.write(Buffer.from([1, 2, 3]));
    await client.waitForClose();
    expect(client.received).toEqual(Buffer.from([1, 2, 3]));
    expect(codes).toEqual(['IDLE_TIMEOUT']);
  });

  it('ends with an ERROR line when the listener asks for notices', async () => {
    reactor = new Reactor({ idleTimeout: 50 });
    const listener = reactor.listen('tcp://127.0.0.1:0', [new MirrorHandler()], { notices: true });
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.write(Buffer.from([1, 2, 3]));
    await client.waitForClose();
    expect(client.received.subarray(0, 3)).toEqual(Buffer.from([1, 2, 3]));
    expect(client.received.subarray(3).toString()).toMatch(/^ERROR IDLE_TIMEOUT .*50 ms\n$/);
  });
});

describe('a framing a handler brings', () => {
  /** Upper-cases each line, through a codec factory of its own (as a protocol handler would ship one). */
  const shoutingLines: CodecFactory = (limits) => {
    const lines = new LineCodec(limits);
    return {
      ...lines,
      name: 'shouting-lines',
      createDecoder: (sink) => lines.createDecoder(sink),
      encode: (msg) => lines.encode(String(msg).toUpperCase()),
      notice: (text) => lines.notice(text),
    };
  };

  @handler('shout-back', { framing: shoutingLines })
  class ShoutBackHandler implements Handler<string> {
    onMessage(ctx: HandlerContext, msg: string): void {
      ctx.write(msg);
    }
  }

  it('is used with no codec option, with the listener limits', async () => {
    reactor = new Reactor({ maxLineLength: 8 });
    const listener = reactor.listen('tcp://127.0.0.1:0', [ShoutBackHandler]);
    await reactor.start();
    const client = await LineClient.connect({ port: listener.port });
    client.send('quiet');
    expect(await client.readLine()).toBe('QUIET');
    client.send('far too long');
    expect(await client.readLine()).toMatch(/^ERROR LINE_TOO_LONG/);
  });
});
