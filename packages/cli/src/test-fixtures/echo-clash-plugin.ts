import { handler, registerHandler, type Handler, type HandlerContext } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';

/** A plugin handler that takes the built-in `echo` name: --plugin must refuse it, not replace echo. */
@handler('echo', { scope: 'listener' })
export class LoudEchoHandler implements Handler<Uint8Array> {
  onMessage(ctx: HandlerContext, msg: Uint8Array): void {
    ctx.write(Buffer.from(msg).toString('utf8').toUpperCase());
  }
}

export function register(container: DependencyContainer): void {
  registerHandler(container, LoudEchoHandler);
}
