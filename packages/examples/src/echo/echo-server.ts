import { Reactor, type Logger } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';

/** Options for the echo example. */
export interface EchoServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
}

/**
 * Every byte back, unchanged, over TCP; a client that half-closes gets the rest of its echo first.
 *
 *   node packages/examples/dist/echo/main.js      then   nc 127.0.0.1 7000
 */
export async function start(options: EchoServerOptions = {}) {
  const scope = container.createChildContainer();
  registerHandlers(scope);
  const reactor = new Reactor({ container: scope, logger: options.logger });
  const listener = reactor.listen(`tcp://${options.host ?? '127.0.0.1'}:${options.port ?? 7000}`, ['echo']);
  await reactor.start();
  return { port: listener.port, url: listener.url, close: () => reactor.close({ graceMs: 1000 }) };
}
