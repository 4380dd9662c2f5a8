import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { headProbe } from './head-probe.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

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
