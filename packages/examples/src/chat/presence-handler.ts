import { handler, HUB, Hub, type Channel, type Handler, type HandlerContext } from '@switchboard/core';
import { DISPLAY_NAME, displayName } from '@switchboard/handlers';
import { inject, type InjectionToken } from 'tsyringe';

/** When a newcomer is announced to the room. */
export interface PresenceOptions {
  /**
   * 'open': as soon as it connects (telnet users, named by address:port). 'first-message': when it
   * first says something or picks a name, so that a browser that sends `/name Alice` first joins as Alice.
   */
  readonly announceJoin: 'open' | 'first-message';
}

export const PRESENCE_OPTIONS: InjectionToken<PresenceOptions> = Symbol('chat.PresenceOptions');

const ANNOUNCED = Symbol('chat.announced');
const NAME_COMMAND = /^\/name(?:\s+(.*))?$/;
const MAX_NAME_LENGTH = 32;

/**
 * Joins and leaves for a chat room: `* NAME joined`, `* NAME left`, and `/name NAME` to pick a
 * name (shown by BroadcastHandler instead of address:port). Put it before `broadcast`; other
 * messages pass on untouched.
 */
@handler('presence', { scope: 'listener', framing: 'lines' })
export class PresenceHandler implements Handler<string | Uint8Array> {
  constructor(
    @inject(HUB) private readonly hub: Hub,
    @inject(PRESENCE_OPTIONS) private readonly options: PresenceOptions,
  ) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.channel);
    if (this.options.announceJoin === 'open') this.announce(ctx);
  }

  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    const text = typeof msg === 'string' ? msg : Buffer.from(msg).toString('utf8');
    const command = NAME_COMMAND.exec(text.trim());
    if (command) return this.rename(ctx, command[1] ?? '');
    this.announce(ctx);
    ctx.next(msg);
  }

  onClose(ctx: HandlerContext): void {
    if (ctx.channel.attribute(ANNOUNCED)) {
      this.hub.broadcast(`* ${displayName(ctx.channel)} left`, { except: ctx.channel });
    }
    this.hub.leave(ctx.channel);
  }

  private rename(ctx: HandlerContext, wanted: string): void {
    const name = cleanName(wanted);
    if (!name) return void ctx.write(`* usage: /name NAME (up to ${MAX_NAME_LENGTH} characters)`);
    if (this.isTaken(name, ctx.channel)) return void ctx.write(`* the name ${name} is taken`);
    const before = displayName(ctx.channel);
    ctx.channel.attributes.set(DISPLAY_NAME, name);
    if (!this.announce(ctx)) this.hub.broadcast(`* ${before} is now ${name}`);
  }

  /** Tells the room about a newcomer, once, and tells the newcomer who is here; false if done before. */
  private announce(ctx: HandlerContext): boolean {
    const channel = ctx.channel;
    if (channel.attribute(ANNOUNCED)) return false;
    channel.attributes.set(ANNOUNCED, true);
    const name = displayName(channel);
    const others = this.announcedMembers().filter((member) => member !== channel);
    const here = others.length ? `here now: ${others.map(displayName).join(', ')}` : 'nobody else is here yet';
    ctx.write(`* you are ${name}; ${here}`);
    this.hub.broadcast(`* ${name} joined`, { except: channel });
    return true;
  }

  private announcedMembers(): Channel[] {
    return [...this.hub.members()].filter((member) => member.isOpen && member.attribute(ANNOUNCED));
  }

  private isTaken(name: string, self: Channel): boolean {
    const wanted = name.toLowerCase();
    return [...this.hub.members()].some((member) => member !== self && displayName(member).toLowerCase() === wanted);
  }
}

/** Drops control characters and the brackets that frame names in `[name] text`; trims; caps the length. */
function cleanName(raw: string): string {
  const clean = raw.replace(/[\p{Cc}\p{Cf}[\]]/gu, '').trim();
  // Cut on code points, never inside a surrogate pair.
  return Array.from(clean).slice(0, MAX_NAME_LENGTH).join('').trim();
}
