import { container as root } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../channel/connection.js';
import type { Handler } from '../handler/handler.js';
import { Reactor } from '../reactor/reactor.js';
import type { RefusedConnection } from '../reactor/reactor-events.js';
import type { ListenOptions } from '../reactor/reactor-options.js';
import { eventually } from '../testing/eventually.js';
import { WsClient } from '../testing/ws-client.js';
import { AUTHORIZER } from '../tokens.js';
import { allow, deny, type Authorizer } from './authorizer.js';

let reactor: Reactor | undefined;
afterEach(async () => {
  await reactor?.close({ graceMs: 200 });
  reactor = undefined;
});

/** A handler that reports what its connection knows of its upgrade request, and counts opens. */
function reporter() {
  const opened: Connection[] = [];
  const handler: Handler<string> = {
    onOpen: (ctx) => {
      opened.push(ctx.connection);
      const request = ctx.connection.request!;
      ctx.write(
        JSON.stringify({
          path: request.path,
          room: request.query.get('room'),
          odd: request.query.get('odd'),
          agent: request.headers['x-agent'],
          cookies: Object.fromEntries(request.cookies),
          remote: request.remote.address,
          identity: request.identity ?? null,
        }),
      );
    },
  };
  return { opened, handler };
}

async function serve(handlers: Handler[], options: ListenOptions = {}) {
  reactor = new Reactor();
  const refused: RefusedConnection[] = [];
  reactor.on('refused', (info) => refused.push(info));
  const listener = reactor.listen('ws://127.0.0.1:0/ctx', handlers, options);
  await reactor.start();
  return { url: listener.url, refused };
}

describe('WebSocket connect context', () => {
  it('lets a handler read the query, headers, cookies and remote address, even with a malformed query', async () => {
    const { handler } = reporter();
    const { url } = await serve([handler]);
    const client = await WsClient.connect(`${url}?room=lobby&odd=%zz&%%&=`, {
      headers: { 'x-agent': 'test', cookie: 'sid=abc123; theme="dark%20mode"; sid=second; junk; bad=%E0%A4%A' },
    });
    const seen = JSON.parse((await client.next()) as string) as Record<string, unknown>;
    expect(seen).toEqual({
      path: '/ctx',
      room: 'lobby',
      odd: '%zz',
      agent: 'test',
      cookies: { sid: 'abc123', theme: 'dark mode', bad: '%E0%A4%A' },
      remote: '127.0.0.1',
      identity: null,
    });
    client.close();
  });
});

describe('WebSocket authorizer', () => {
  it.each([401, 403] as const)('answers %i for a refused client, and no handler runs', async (status) => {
    const { handler, opened } = reporter();
    const authorize = (request: { query: URLSearchParams }) =>
      request.query.get('token') === 'good' ? allow('alice') : deny(status, 'bad token\r\nX-Injected: 1');
    const { url, refused } = await serve([handler], { authorize });
    await expect(WsClient.connect(`${url}?token=bad`)).rejects.toThrow(`HTTP ${status}`);
    await eventually(() => refused.length === 1);
    expect(refused[0]!.error.code).toBe('AUTH_REFUSED');
    expect(refused[0]!.error.message).not.toContain('\n');
    const good = await WsClient.connect(`${url}?token=good`);
    expect(JSON.parse((await good.next()) as string)).toMatchObject({ identity: 'alice' });
    expect(opened).toHaveLength(1);
    good.close();
  });

  it('waits for an async authorizer, and its identity reaches the handlers', async () => {
    const { handler } = reporter();
    const authorize = async (request: { cookies: ReadonlyMap<string, string> }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const sid = request.cookies.get('sid');
      return sid ? allow({ user: `user-${sid}` }) : deny(401);
    };
    const { url } = await serve([handler], { authorize });
    await expect(WsClient.connect(url)).rejects.toThrow('HTTP 401');
    const client = await WsClient.connect(url, { headers: { cookie: 'sid=7' } });
    expect(JSON.parse((await client.next()) as string)).toMatchObject({ identity: { user: 'user-7' } });
    client.close();
  });

  it('answers 500 when the authorizer throws or rejects, logs the code, and keeps serving', async () => {
    const { handler, opened } = reporter();
    let calls = 0;
    const authorize = (): ReturnType<Authorizer['authorize']> => {
      calls++;
      if (calls === 1) throw new Error('database down');
      if (calls === 2) return Promise.reject(new Error('still down'));
      return allow();
    };
    const { url, refused } = await serve([handler], { authorize });
    await expect(WsClient.connect(url)).rejects.toThrow('HTTP 500');
    await expect(WsClient.connect(url)).rejects.toThrow('HTTP 500');
    await eventually(() => refused.length === 2);
    expect(refused.map((r) => r.error.code)).toEqual(['AUTHORIZER_FAILED', 'AUTHORIZER_FAILED']);
    expect(refused[0]!.error.message).toContain('database down');
    expect(opened).toHaveLength(0);
    const client = await WsClient.connect(url);
    await client.next();
    expect(opened).toHaveLength(1);
    client.close();
  });

  it('answers 503 when the authorizer does not answer within the handshake timeout', async () => {
    const { handler, opened } = reporter();
    const authorize = () => new Promise<never>(() => {});
    const { url, refused } = await serve([handler], { authorize, handshakeTimeout: 100 });
    await expect(WsClient.connect(url)).rejects.toThrow('HTTP 503');
    expect(refused[0]?.error.code).toBe('AUTHORIZER_TIMEOUT');
    expect(opened).toHaveLength(0);
  });

  it('resolves an AUTHORIZER registered in the listener container', async () => {
    const { handler, opened } = reporter();
    const container = root.createChildContainer();
    container.register(AUTHORIZER, { useValue: { authorize: () => deny(403, 'members only') } });
    const { url } = await serve([handler], { container });
    await expect(WsClient.connect(url)).rejects.toThrow('HTTP 403');
    expect(opened).toHaveLength(0);
  });
});
