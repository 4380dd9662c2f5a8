import { handler, HUB, Hub, type Channel, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { DISPLAY_NAME } from './tokens.js';

/** How a channel is named in chat: its display name if it chose one, else its address:port. */
export function displayName(channel: Channel): string {
  const name = channel.attribute(DISPLAY_NAME);
  return typeof name === 'string' ? name : channel.peer;
}

/** Relays each line to every other member of the hub, as `[127.0.0.1:36259] line`; never back to the sender. */
@handler('broadcast', { scope: 'listener', framing: 'lines' })
export class BroadcastHandler implements Handler<string | Uint8Array> {
  constructor(@inject(HUB) private readonly hub: Hub) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.channel);
  }

  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    const text = typeof msg === 'string' ? msg : Buffer.from(msg).toString('utf8');
    this.hub.broadcast(`[${displayName(ctx.channel)}] ${text}`, { except: ctx.channel });
  }

  onClose(ctx: HandlerContext): void {
    this.hub.leave(ctx.channel);
  }
}
