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
import {
  BROADCAST_OPTIONS,
  DISPLAY_NAME,
  displayName,
  ROOM,
  roomOf,
  type BroadcastHandlerOptions,
} from '@switchboard/handlers';
import { inject, type InjectionToken } from 'tsyringe';
import { parseCommand } from './chat-command.js';
import { checkName, checkRoomName, MAX_NAME_LENGTH } from './chat-name.js';
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
const WORD = `one word, up to ${MAX_NAME_LENGTH} letters, digits, _ - .`;

/**
 * Presence in chat rooms: `* NAME joined`, `* NAME left`, `/name NAME` to pick a name (shown by
 * BroadcastHandler instead of address:port), `/join ROOM` to move to another room (both rooms are
 * told) and `/who` to list the room. A connection starts in its listener's broadcast room. Put it
 * before `broadcast`, which relays to the room this handler keeps in `ROOM`; other messages pass on.
 */
@handler('presence', { scope: 'listener', framing: 'lines', options: PRESENCE_OPTIONS })
export class PresenceHandler implements Handler<string> {
  constructor(
    @inject(HUB) private readonly hub: Hub,
    @inject(PRESENCE_OPTIONS) private readonly options: PresenceOptions,
    @inject(BROADCAST_OPTIONS) private readonly broadcast: BroadcastHandlerOptions,
  ) {}

  onOpen(ctx: HandlerContext): void {
    this.hub.join(ctx.connection, this.roomOf(ctx.connection));
    // `ws://…/chat?name=Alice` names (and announces) the client from the start, as `/name Alice`
    // would; an invalid or taken name gets the same notice, and the client keeps its address.
    const asked = ctx.connection.request?.query.get('name');
    if (asked) this.rename(ctx, asked);
    if (this.options.announceJoin === 'open') this.announce(ctx);
  }

  onMessage(ctx: HandlerContext, line: string): void {
    const command = parseCommand(line);
    if (command?.name === 'name') return this.rename(ctx, command.argument);
    if (command?.name === 'join') return this.move(ctx, command.argument);
    if (command?.name === 'who') return void ctx.write(this.who(ctx.connection));
    this.announce(ctx);
    ctx.next(line);
  }

  onClose(ctx: HandlerContext): void {
    const room = this.roomOf(ctx.connection);
    if (ANNOUNCED.has(ctx.connection)) this.tell(room, `* ${displayName(ctx.connection)} left`, ctx.connection);
    this.hub.leave(ctx.connection, room);
  }

  private rename(ctx: HandlerContext, wanted: string): void {
    const check = checkName(wanted);
    if (!check.ok) return void ctx.write(`* usage: /name NAME (${WORD}): ${check.reason}`);
    const name = check.name;
    if (this.isTaken(name, ctx.connection)) return void ctx.write(visibleText(`* the name ${name} is taken`));
    const before = displayName(ctx.connection);
    DISPLAY_NAME.set(ctx.connection, name);
    if (!this.announce(ctx)) this.tell(this.roomOf(ctx.connection), `* ${before} is now ${name}`);
  }

  /** `/join ROOM`: leaves the current room and joins ROOM; each room hears it once announced. */
  private move(ctx: HandlerContext, wanted: string): void {
    const check = checkRoomName(wanted);
    if (!check.ok) return void ctx.write(`* usage: /join ROOM (${WORD}): ${check.reason}`);
    const channel = ctx.connection;
    const from = this.roomOf(channel);
    const to = check.name;
    if (to === from) return void ctx.write(visibleText(`* already in ${to}`));
    const name = displayName(channel);
    const announced = ANNOUNCED.has(channel);
    if (announced) this.tell(from, `* ${name} left for ${to}`, channel);
    this.hub.leave(channel, from);
    ROOM.set(channel, to);
    this.hub.join(channel, to);
    if (!announced) return void this.announce(ctx);
    ctx.write(this.welcome(channel));
    this.tell(to, `* ${name} joined from ${from}`, channel);
  }

  /** Tells the room about a newcomer, once, and tells the newcomer who is here; false if done before. */
  private announce(ctx: HandlerContext): boolean {
    const channel = ctx.connection;
    if (ANNOUNCED.has(channel)) return false;
    ANNOUNCED.set(channel, true);
    ctx.write(this.welcome(channel));
    this.tell(this.roomOf(channel), `* ${displayName(channel)} joined`, channel);
    return true;
  }

  /** `* you are NAME in ROOM; here now: A, B` */
  private welcome(channel: Connection): string {
    const others = this.announcedIn(this.roomOf(channel)).filter((member) => member !== channel);
    const here = others.length ? `here now: ${others.map(displayName).join(', ')}` : 'nobody else is here yet';
    return visibleText(`* you are ${displayName(channel)} in ${this.roomOf(channel)}; ${here}`);
  }

  /** `* in ROOM: A (you), B`: the announced members of the asker's room, the asker marked. */
  private who(channel: Connection): string {
    const room = this.roomOf(channel);
    const names = this.announcedIn(room).map((member) => displayName(member) + (member === channel ? ' (you)' : ''));
    return visibleText(`* in ${room}: ${names.join(', ') || 'nobody announced yet'}`);
  }

  private tell(room: string, line: string, except?: Connection): void {
    this.hub.broadcast(visibleText(line), { room, except });
  }

  private roomOf(connection: Connection): string {
    return roomOf(connection, this.broadcast.room);
  }

  private announcedIn(room: string): Connection[] {
    return [...this.hub.members(room)].filter((member) => member.isOpen && ANNOUNCED.has(member));
  }

  /** Taken if a member of any room has the same key: `Bob`, `ｂｏｂ`, `BOB` and Cyrillic `Вов` collide. */
  private isTaken(name: string, self: Connection): boolean {
    const wanted = nameKey(name);
    for (const room of this.hub.rooms().keys()) {
      for (const member of this.hub.members(room)) {
        if (member !== self && nameKey(displayName(member)) === wanted) return true;
      }
    }
    return false;
  }
}
