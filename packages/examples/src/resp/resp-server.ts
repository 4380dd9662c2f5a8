import { Reactor, type Logger } from '@switchboard/core';
import { container } from 'tsyringe';
import type { RespStoreOptions } from './resp-store.js';
import { register } from './register-resp.js';
import { RESP_STORE } from './tokens.js';

/** Options for the RESP example. */
export interface RespServerOptions {
  host?: string;
  /** 0 picks a free port (default 6380, beside a real Redis on 6379). */
  port?: number;
  logger?: Logger;
  store?: RespStoreOptions;
}

/**
 * A Redis-compatible server on Switchboard:
 *
 *   node packages/examples/dist/resp/main.js      then   redis-cli -p 6380 set a 1
 *   or   printf 'SET a "hello world"\r\nGET a\r\n' | nc -q1 127.0.0.1 6380
 */
export async function start(options: RespServerOptions = {}) {
  const scope = container.createChildContainer();
  register(scope, options.store);
  const reactor = new Reactor({ container: scope, logger: options.logger });
  const listener = reactor.listen(`tcp://${options.host ?? '127.0.0.1'}:${options.port ?? 6380}`, ['resp']);
  await reactor.start();
  return {
    port: listener.port,
    url: listener.url,
    close: async () => {
      await reactor.close({ graceMs: 1000 });
      scope.resolve(RESP_STORE).dispose();
    },
  };
}
