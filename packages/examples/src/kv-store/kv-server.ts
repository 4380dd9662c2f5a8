import { Reactor, registerHandler, type Logger } from '@switchboard/core';
import { container } from 'tsyringe';
import { KvHandler } from './kv-handler.js';
import { KV_STORE, KvStore } from './kv-store.js';

/** Options for the key-value example. */
export interface KvServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
}

/**
 * A custom protocol served by name: register the service and the handler, then listen.
 *
 *   node packages/examples/dist/kv-store/main.js      then   nc 127.0.0.1 6380   and type   SET a 1
 */
export async function start(options: KvServerOptions = {}) {
  const scope = container.createChildContainer();
  scope.registerInstance(KV_STORE, new KvStore());
  registerHandler(scope, KvHandler);
  const reactor = new Reactor({ container: scope, logger: options.logger });
  const listener = reactor.listen(`tcp://${options.host ?? '127.0.0.1'}:${options.port ?? 6380}`, ['kv']);
  await reactor.start();
  return { port: listener.port, url: listener.url, close: () => reactor.close({ graceMs: 1000 }) };
}
