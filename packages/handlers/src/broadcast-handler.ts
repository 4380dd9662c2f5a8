import { handler, HUB, Hub, visibleText, type Channel, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { DISPLAY_NAME } from './tokens.js';

/** How a channel is named in chat: its display name if it chose one, else its address:port. */
export function displayName(channel: Channel): string {
  return DISPLAY_NAME.get(channel) ?? channel.peer;
}

/**
 * Relays each line to every other member of the hub, as `[127.0.0.1:36259] line`; never back to the sender.
 * One message stays one line on every transport: controls, bidi and invisible characters are shown
 * escaped (`visibleText`), once per message, whatever the receivers' transports. Bytes are relayed as
 * UTF-8 text like lines are; for byte-exact relays, call `Hub.broadcast` with a Uint8Array.
 */
@handler('broadcast', { scope: 'listener', framing: 'lines' })
export class BroadcastHandler implements Handler<string | Uint8Array> {
  constructor(@inject(HUB) private readonly hub: Hub) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.channel);
  }

  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    const text = typeof msg === 'string' ? msg : Buffer.from(msg).toString('utf8');
    this.hub.broadcast(visibleText(`[${displayName(ctx.channel)}] ${text}`), { except: ctx.channel });
  }

  onClose(ctx: HandlerContext): void {
    this.hub.leave(ctx.channel);
  }
}
