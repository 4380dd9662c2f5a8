import { handler, registerHandler, type Handler, type HandlerContext } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';

/** A plugin handler that takes the built-in `echo` name: --plugin must refuse it, not replace echo. */
@handler('echo', { scope: 'listener', framing: 'raw' })
export class LoudEchoHandler implements Handler<Buffer> {
  onMessage(ctx: HandlerContext, msg: Buffer): void {
    ctx.write(msg.toString('utf8').toUpperCase());
  }
}

export function register(container: DependencyContainer): void {
  registerHandler(container, LoudEchoHandler);
}
