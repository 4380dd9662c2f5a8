import { Reactor, type Logger } from '@switchboard/core';
import { GREETING_OPTIONS, registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';

/** Options for the talkback example. */
export interface TalkbackServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
}

/**
 * The PHP manual's talkback server: a banner, then `You said '…'.` for every line; `quit` leaves.
 *
 *   node packages/examples/dist/talkback/main.js      then   telnet 127.0.0.1 10000
 */
export async function start(options: TalkbackServerOptions = {}) {
  const scope = container.createChildContainer();
  registerHandlers(scope);
  scope.registerInstance(GREETING_OPTIONS, {
    text: "Welcome to the Switchboard talkback server. To quit, type 'quit'.",
  });
  const reactor = new Reactor({ container: scope, logger: options.logger });
  const listener = reactor.listen(`tcp://${options.host ?? '127.0.0.1'}:${options.port ?? 10000}`, [
    'greeting',
    'talkback',
  ]);
  await reactor.start();
  return { port: listener.port, url: listener.url, close: () => reactor.close({ graceMs: 1000 }) };
}
