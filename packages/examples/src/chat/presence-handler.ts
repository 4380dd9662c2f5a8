import {
  AttributeKey,
  handler,
  HUB,
  Hub,
  visibleText,
  type Connection,
  type Handler,
  type HandlerContext,
} from '@switchboard/core';
import { DISPLAY_NAME, displayName } from '@switchboard/handlers';
import { inject, type InjectionToken } from 'tsyringe';
import { checkName, MAX_NAME_LENGTH } from './chat-name.js';
import { nameKey } from './name-key.js';

/** When a newcomer is announced to the room. */
export interface PresenceOptions {
  /**
   * 'open': as soon as it connects (telnet users, named by address:port). 'first-message': when it
   * first says something or picks a name, so that a browser that sends `/name Alice` first joins as Alice.
   */
  readonly announceJoin: 'open' | 'first-message';
}

export const PRESENCE_OPTIONS: InjectionToken<PresenceOptions> = Symbol('chat.PresenceOptions');

/** Set once the room has been told this connection joined. */
const ANNOUNCED = new AttributeKey<true>('chat.announced');
const USAGE = `* usage: /name NAME (one word, up to ${MAX_NAME_LENGTH} letters, digits, _ - .)`;

/**
 * Joins and leaves for a chat room: `* NAME joined`, `* NAME left`, and `/name NAME` to pick a
 * name (shown by BroadcastHandler instead of address:port). Put it before `broadcast`; other
 * messages pass on untouched.
 */
@handler('presence', { scope: 'listener', framing: 'lines', options: PRESENCE_OPTIONS })
export class PresenceHandler implements Handler<string> {
  constructor(
    @inject(HUB) private readonly hub: Hub,
    @inject(PRESENCE_OPTIONS) private readonly options: PresenceOptions,
  ) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.connection);
    if (this.options.announceJoin === 'open') this.announce(ctx);
  }

  onMessage(ctx: HandlerContext, line: string): void {
    const wanted = nameCommand(line);
    if (wanted !== undefined) return this.rename(ctx, wanted);
    this.announce(ctx);
    ctx.next(line);
  }

  onClose(ctx: HandlerContext): void {
    if (ANNOUNCED.has(ctx.connection)) {
      this.hub.broadcast(visibleText(`* ${displayName(ctx.connection)} left`), { except: ctx.connection });
    }
    this.hub.leave(ctx.connection);
  }

  private rename(ctx: HandlerContext, wanted: string): void {
    const check = checkName(wanted);
    if (!check.ok) return void ctx.write(`${USAGE}: ${check.reason}`);
    const name = check.name;
    if (this.isTaken(name, ctx.connection)) return void ctx.write(visibleText(`* the name ${name} is taken`));
    const before = displayName(ctx.connection);
    DISPLAY_NAME.set(ctx.connection, name);
    if (!this.announce(ctx)) this.hub.broadcast(visibleText(`* ${before} is now ${name}`));
  }

  /** Tells the room about a newcomer, once, and tells the newcomer who is here; false if done before. */
  private announce(ctx: HandlerContext): boolean {
    const channel = ctx.connection;
    if (ANNOUNCED.has(channel)) return false;
    ANNOUNCED.set(channel, true);
    const name = displayName(channel);
    const others = this.announcedMembers().filter((member) => member !== channel);
    const here = others.length ? `here now: ${others.map(displayName).join(', ')}` : 'nobody else is here yet';
    ctx.write(visibleText(`* you are ${name}; ${here}`));
    this.hub.broadcast(visibleText(`* ${name} joined`), { except: channel });
    return true;
  }

  private announcedMembers(): Connection[] {
    return [...this.hub.members()].filter((member) => member.isOpen && ANNOUNCED.has(member));
  }

  /** Taken if another member's name has the same key: `Bob`, `ｂｏｂ`, `BOB` and Cyrillic `Вов` collide. */
  private isTaken(name: string, self: Connection): boolean {
    const wanted = nameKey(name);
    return [...this.hub.members()].some((member) => member !== self && nameKey(displayName(member)) === wanted);
  }
}

/**
 * The NAME of a `/name NAME` line, '' for a bare `/name`, undefined for any other line. No pattern:
 * the line is client text of any length, and a backtracking regex here froze the whole process.
 */
function nameCommand(line: string): string | undefined {
  const text = line.trim();
  if (!text.startsWith('/name')) return undefined;
  const rest = text.slice('/name'.length);
  if (rest !== '' && rest.trimStart() === rest) return undefined; // `/names` is a message
  return rest.trim();
}
