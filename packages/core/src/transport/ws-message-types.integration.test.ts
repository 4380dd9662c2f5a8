import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { SwitchboardError } from '../errors.js';
import { handler } from '../handler/handler-decorator.js';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { Reactor } from '../reactor/reactor.js';
import type { ListenOptions } from '../reactor/reactor-options.js';
import { WsClient } from '../testing/ws-client.js';

/** Records each message and how it arrived, and answers with it. */
@handler('typed-lines', { framing: 'lines' })
class LinesRecorder implements Handler<string> {
  static readonly seen: unknown[] = [];
  onMessage(ctx: HandlerContext, line: string): void {
    LinesRecorder.seen.push(line);
    ctx.write(Buffer.from(`got ${line}`));
  }
}

@handler('typed-bytes', { framing: 'raw' })
class BytesRecorder implements Handler<Buffer> {
  static readonly seen: unknown[] = [];
  onMessage(ctx: HandlerContext, bytes: Buffer): void {
    BytesRecorder.seen.push(bytes);
    ctx.write(bytes.toString('hex'));
  }
}

let reactor: Reactor | undefined;
afterEach(async () => {
  await reactor?.close({ graceMs: 100 });
  reactor = undefined;
  LinesRecorder.seen.length = 0;
  BytesRecorder.seen.length = 0;
});

async function serve(handlers: Handler[] | (new () => Handler)[], options: ListenOptions = {}) {
  reactor = new Reactor();
  const errors: SwitchboardError[] = [];
  reactor.on('error', (err) => errors.push(err));
  const listener = reactor.listen('ws://127.0.0.1:0/typed', handlers, options);
  await reactor.start();
  return { url: listener.url, errors };
}

describe('a WebSocket listener whose handlers declare lines', () => {
  it('hands them strings and answers in text messages, even what they wrote as bytes', async () => {
    const { url } = await serve([LinesRecorder]);
    const client = await WsClient.connect(url);
    client.send('hello');
    expect(await client.next()).toBe('got hello');
    expect(LinesRecorder.seen).toEqual(['hello']);
  });

  it('closes a client that sends a binary message with 1003 and PROTOCOL_ERROR', async () => {
    const { url, errors } = await serve([LinesRecorder]);
    const client = await WsClient.connect(url);
    client.send(Buffer.from([0xff, 0x00, 0x41]));
    const closed = await client.waitForClose();
    expect(closed.code).toBe(1003);
    expect(closed.reason).toMatch(/^PROTOCOL_ERROR Binary message of 3 bytes/);
    expect(errors.map((err) => err.code)).toEqual(['PROTOCOL_ERROR']);
    expect(LinesRecorder.seen).toEqual([]);
  });
});

describe('a WebSocket listener whose handlers declare bytes', () => {
  it('hands a text message over as its UTF-8 bytes', async () => {
    const { url } = await serve([BytesRecorder]);
    const client = await WsClient.connect(url);
    client.send('é!');
    expect(await client.next()).toEqual(Buffer.from('c3a921'));
    expect(BytesRecorder.seen).toEqual([Buffer.from('é!')]);
    expect(Buffer.isBuffer(BytesRecorder.seen[0])).toBe(true);
  });

  it('hands binary messages over as they came (length-prefixed: one message, no prefix)', async () => {
    const { url } = await serve([BytesRecorder], { codec: 'length-prefixed' });
    const client = await WsClient.connect(url);
    client.send(Buffer.from([1, 2, 3]));
    expect(await client.next()).toEqual(Buffer.from('010203'));
  });
});

describe('a WebSocket listener whose handlers declare no framing', () => {
  it('hands text over as strings and binary as bytes, and answers in kind', async () => {
    const seen: unknown[] = [];
    const mirror: Handler = { onMessage: (ctx, msg) => void (seen.push(msg), ctx.write(msg as string | Buffer)) };
    const { url } = await serve([mirror]);
    const client = await WsClient.connect(url);
    client.send('text');
    expect(await client.next()).toBe('text');
    client.send(Buffer.from([7]));
    expect(await client.next()).toEqual(Buffer.from([7]));
    expect(seen).toEqual(['text', Buffer.from([7])]);
  });
});

describe('connection.request', () => {
  it('shows the upgrade request: path, query and headers', async () => {
    let connection: Connection | undefined;
    const { url } = await serve([{ onOpen: (ctx) => void (connection = ctx.connection) }]);
    await WsClient.connect(`${url}?x=1`, { headers: { 'X-Team': 'blue' } });
    expect(connection?.request?.path).toBe('/typed');
    expect(connection?.request?.query.get('x')).toBe('1');
    expect(connection?.request?.headers['x-team']).toBe('blue');
  });
});
