import { handler, HUB, Hub, visibleText, type Connection, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { DISPLAY_NAME } from './tokens.js';

/** How a connection is named in chat: its display name if it chose one, else its address:port. */
export function displayName(connection: Connection): string {
  return DISPLAY_NAME.get(connection) ?? connection.peer;
}

/**
 * Relays each line to every other member of the hub, as `[127.0.0.1:36259] line`; never back to the sender.
 * One message stays one line on every transport: controls, bidi and invisible characters are shown
 * escaped (`visibleText`), once per message, whatever the receivers' transports. A line is a line:
 * `quit` too is relayed (the default greeting promises nothing else); for byte-exact relays, call
 * `Hub.broadcast` with a Uint8Array.
 */
@handler('broadcast', { scope: 'listener', framing: 'lines' })
export class BroadcastHandler implements Handler<string> {
  constructor(@inject(HUB) private readonly hub: Hub) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.connection);
  }

  onMessage(ctx: HandlerContext, line: string): void {
    this.hub.broadcast(visibleText(`[${displayName(ctx.connection)}] ${line}`), { except: ctx.connection });
  }

  onClose(ctx: HandlerContext): void {
    this.hub.leave(ctx.connection);
  }
}
