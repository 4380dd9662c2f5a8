import { handler, HUB, Hub, registerHandler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject, type DependencyContainer } from 'tsyringe';

/** Relays raw bytes to the rest of the room, unchanged: for tests of byte-exact relays between processes. */
@handler('byte-relay', { scope: 'listener', framing: 'raw' })
export class ByteRelayHandler implements Handler<Uint8Array> {
  constructor(@inject(HUB) private readonly hub: Hub) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.connection);
  }

  onMessage(ctx: HandlerContext, bytes: Uint8Array): void {
    this.hub.broadcast(bytes, { except: ctx.connection });
  }
}

export function register(container: DependencyContainer): void {
  registerHandler(container, ByteRelayHandler);
}
