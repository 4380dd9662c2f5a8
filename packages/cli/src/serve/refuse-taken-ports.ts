import { createServer } from 'node:net';
import { fromSystemError, parseEndpoint } from '@switchboard/core/transport';
import type { ServeOptions } from './serve-options.js';

/**
 * SO_REUSEPORT lets the workers share a port, and would as well let them join another server's
 * port (any process of the same user that set it). Before any worker binds, the primary binds
 * each native listener's fixed port once without it and lets go: a port in use is EADDRINUSE, as
 * on the js transport.
 */
export async function refuseTakenPorts(options: ServeOptions, names: readonly string[]): Promise<void> {
  for (const [i, plan] of options.listeners.entries()) {
    const endpoint = parseEndpoint(plan.url);
    if (names[i] !== 'native' || endpoint.port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (err) => reject(fromSystemError(err, 'listen on', plan.url)));
      probe.listen({ host: endpoint.host, port: endpoint.port, exclusive: true }, () => probe.close(() => resolve()));
    });
  }
}
