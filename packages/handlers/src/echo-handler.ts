import { handler, type Handler, type HandlerContext } from '@switchboard/core';

/**
 * Sends every message back unchanged. On a raw listener that is every byte, in order. When the
 * peer stops reading, echo stops reading too, so a slow client cannot make the server buffer.
 */
@handler('echo', { scope: 'listener' })
export class EchoHandler implements Handler<string | Uint8Array> {
  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    if (!ctx.write(msg)) ctx.connection.pause();
  }

  onWritable(ctx: HandlerContext): void {
    ctx.connection.resume();
  }
}
