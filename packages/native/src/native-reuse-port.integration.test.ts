import { parseEndpoint, type BoundListener } from '@switchboard/core/transport';
import { afterEach, describe, expect, it } from 'vitest';
import { createNativeTransport } from './native-transport.js';

describe('reusePort', () => {
  const bound: BoundListener[] = [];
  afterEach(async () => {
    for (const listener of bound.splice(0)) await listener.close();
  });
  const listen = async (reusePort: boolean, port: number) => {
    const transport = createNativeTransport({ reusePort })!;
    const listener = await transport.listen(parseEndpoint(`tcp://127.0.0.1:${port}`), {}, () => {});
    bound.push(listener);
    return listener;
  };

  it('lets a second listener bind the port the first one holds (as each --workers process does)', async () => {
    const first = await listen(true, 0);
    const second = await listen(true, first.port);
    expect(second.port).toBe(first.port);
  });

  it('is off by default: a port in use is EADDRINUSE', async () => {
    const first = await listen(false, 0);
    await expect(listen(false, first.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
