import { handler, registerHandler, type Handler, type HandlerContext } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';

/** A "team's" handler for the --plugin tests: answers each line in upper case. */
@handler('shout', { scope: 'listener', framing: 'lines' })
export class ShoutHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, line: string): void {
    ctx.write(`${line.toUpperCase()}!`);
  }
}

/** What `switchboard serve --plugin …` calls. */
export function register(container: DependencyContainer): void {
  registerHandler(container, ShoutHandler);
}
