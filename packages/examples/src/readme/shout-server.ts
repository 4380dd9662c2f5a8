import { Reactor, registerHandler } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';
import { CLOCK, ShoutHandler } from './shout-handler.js';

export async function startShoutServer(port = 0) {
  const scope = container.createChildContainer();
  registerHandlers(scope); // echo, talkback, greeting, broadcast
  registerHandler(scope, ShoutHandler); // ours, by its @handler name
  scope.registerInstance(CLOCK, { now: () => new Date() });

  const reactor = new Reactor({ container: scope });
  const listener = reactor.listen(`tcp://127.0.0.1:${port}`, ['greeting', 'shout']);
  await reactor.start();
  return { port: listener.port, close: () => reactor.close() };
}
