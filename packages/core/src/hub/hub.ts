import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { Channel } from '../channel/channel.js';
import type { Connection } from '../channel/connection.js';
import type { Codec } from '../codec/codec.js';
import { BACKPLANE } from '../tokens.js';
import type { Backplane, BackplaneMessage } from './backplane.js';
import { Rooms } from './rooms.js';

const NO_OPTIONS: BroadcastOptions = {};

/** The room channels join when they name none. */
export const DEFAULT_ROOM = 'lobby';

/** Options for one broadcast. */
export interface BroadcastOptions {
  room?: string;
  /** Usually the sender: everyone but this connection receives the message. */
  except?: Connection;
}

/**
 * Rooms of channels, across transports: a telnet client and a browser in one room hear each
 * other. A broadcast is encoded once per codec, not once per receiver, and also goes out on the
 * backplane so that members in other processes hear it. Broadcasts within one turn are batched
 * into one write per receiver. A connection that closes leaves every room by itself.
 */
@injectable()
export class Hub {
  /** This process's id on the backplane. */
  readonly origin = randomUUID();
  private readonly membership = new Rooms();
  private closed = false;
  /** Receivers corked during this turn; uncorked together once the current callback returns. */
  private readonly corked = new Set<Channel>();
  private readonly flush = () => {
    for (const channel of this.corked) channel.uncork();
    this.corked.clear();
  };
  /** One hook for every member (the channel says which one closed), not a closure per member. */
  private readonly dropMember = (channel: Channel) => this.membership.removeAll(channel);
  private readonly fromBackplane = (message: BackplaneMessage) => {
    if (message.origin !== this.origin) this.deliver(message.room, message.payload, undefined);
  };

  constructor(@inject(BACKPLANE) private readonly backplane: Backplane) {
    backplane.subscribe(this.fromBackplane);
  }

  /**
   * Adds a connection to a room; it leaves every room by itself when it closes, and a closed one
   * joins nothing. Every Connection the reactor hands to handlers is a Channel: the Hub writes to it pre-encoded.
   */
  join(connection: Connection, room = DEFAULT_ROOM): void {
    const channel = connection as Channel;
    if (channel.onClosed(this.dropMember)) this.membership.add(channel, room);
  }

  leave(connection: Connection, room = DEFAULT_ROOM): void {
    this.membership.remove(connection as Channel, room);
  }

  /** Takes a connection out of every room it is in. */
  leaveAll(connection: Connection): void {
    this.membership.removeAll(connection as Channel);
  }

  /** The connections in a room, right now (a live set: copy it to join or leave while iterating). */
  members(room = DEFAULT_ROOM): ReadonlySet<Connection> {
    return this.membership.members(room);
  }

  /** Every room with members in this process, and how many. */
  rooms(): Map<string, number> {
    return this.membership.sizes();
  }

  /** The rooms a connection is in, in the order it joined them. */
  roomsOf(connection: Connection): string[] {
    return this.membership.of(connection as Channel);
  }

  /**
   * Sends to every member of the room but `except`, here and (until `close()`) in other
   * processes; returns local deliveries.
   */
  broadcast(msg: string | Uint8Array, options: BroadcastOptions = NO_OPTIONS): number {
    const room = options.room ?? DEFAULT_ROOM;
    if (!this.closed) this.backplane.publish(room, msg, this.origin);
    return this.deliver(room, msg, options.except);
  }

  /**
   * Stops hearing and telling other processes: unsubscribes from the backplane, which stays open
   * (it is the app's to close). Local rooms go on until their members close. Safe to call twice.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.backplane.unsubscribe(this.fromBackplane);
  }

  private deliver(room: string, msg: string | Uint8Array, except: Connection | undefined): number {
    const members = this.membership.members(room);
    if (members.size === 0) return 0;
    let codec: Codec | undefined;
    let encoded: string | Uint8Array = msg;
    // Rooms that mix transports (telnet and browsers) alternate codecs: remember each encoding.
    let seen: Map<Codec, string | Uint8Array> | undefined;
    let count = 0;
    for (const member of members) {
      if (member === except || !member.isOpen || member.skipsWhileSlow()) continue;
      if (member.config.codec !== codec) {
        if (codec) (seen ??= new Map()).set(codec, encoded);
        codec = member.config.codec;
        encoded = seen?.get(codec) ?? encodeFor(member, msg);
      }
      this.batch(member);
      member.writeEncoded(encoded);
      count++;
    }
    return count;
  }

  /**
   * Several broadcasts in one turn (every line of one read, say) reach each receiver as one
   * write: the first delivery corks it and a microtask uncorks them all. Order is kept, since
   * everything written to a corked channel, by anyone, waits in the same queue.
   */
  private batch(member: Channel): void {
    if (this.corked.has(member)) return;
    if (this.corked.size === 0) queueMicrotask(this.flush);
    this.corked.add(member);
    member.cork();
  }
}

/** The wire form of `msg` for this member's codec; text becomes bytes once here, not once per socket write. */
function encodeFor(member: Channel, msg: string | Uint8Array): string | Uint8Array {
  const encoded = member.config.codec.encode(msg);
  return typeof encoded === 'string' && !member.carriesText ? Buffer.from(encoded) : encoded;
}
