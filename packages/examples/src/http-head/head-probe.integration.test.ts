import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { Reactor } from '@switchboard/core';
import { afterEach, expect, it, vi } from 'vitest';
import { headProbe } from './head-probe.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
afterEach(() => vi.restoreAllMocks());

it('reads the status line and headers of a real HTTP server', async () => {
  server = createServer((req, res) => {
    res.setHeader('x-method', req.method ?? '');
    res.writeHead(204, 'No Content').end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await headProbe(`http://127.0.0.1:${port}/health`);
  expect(response.status).toBe(204);
  expect(response.headers['x-method']).toBe('HEAD');
});

it('rejects with ECONNREFUSED naming the address when nothing listens', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await expect(headProbe(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
    code: 'ECONNREFUSED',
    message: expect.stringContaining(`127.0.0.1:${port}`),
  });
});

it('rejects with ETIMEDOUT naming the URL when the server accepts but never answers', async () => {
  const sockets: Socket[] = [];
  const silent = createTcpServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  try {
    const started = Date.now();
    await expect(headProbe(`http://127.0.0.1:${port}/slow`, 300)).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      message: expect.stringContaining(`http://127.0.0.1:${port}/slow`),
    });
    expect(Date.now() - started).toBeLessThan(1000);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

it('times out while still connecting, too', async () => {
  // Loopback connects at once, so stand in for a host that drops SYNs with a connect that never settles.
  vi.spyOn(Reactor.prototype, 'connect').mockReturnValue(new Promise(() => {}));
  const started = Date.now();
  await expect(headProbe('http://192.0.2.1/', 300)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  expect(Date.now() - started).toBeLessThan(1000);
}, 2000);
