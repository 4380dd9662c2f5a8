import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { Channel } from '../channel/channel.js';
import type { Connection } from '../channel/connection.js';
import type { Codec } from '../codec/codec.js';
import { BACKPLANE } from '../tokens.js';
import type { Backplane, BackplaneMessage } from './backplane.js';
import { RoomDelivery } from './room-delivery.js';
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
 * into one write per receiver; members on a transport with fan-outs (the native one, and node:net
 * and ws sockets with a `DirectSend`) get each broadcast from one call for all of them. A
 * connection that closes leaves every room by itself.
 */
@injectable()
export class Hub {
  /** This process's id on the backplane. */
  readonly origin = randomUUID();
  private readonly membership = new Rooms();
  /** Each room's members as a broadcast reaches them (fan-outs, or one by one). */
  private readonly deliveries = new Map<string, RoomDelivery>();
  private closed = false;
  /** Receivers corked during this turn; uncorked together once the current callback returns. */
  private readonly corked = new Set<Channel>();
  private readonly flush = () => {
    for (const channel of this.corked) channel.uncork();
    this.corked.clear();
  };
  /** One hook for every member (the channel says which one closed), not a closure per member. */
  private readonly dropMember = (channel: Channel) => this.leaveAll(channel);
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
    if (!channel.onClosed(this.dropMember)) return;
    this.membership.add(channel, room);
    let delivery = this.deliveries.get(room);
    if (delivery === undefined) this.deliveries.set(room, (delivery = new RoomDelivery()));
    delivery.add(channel);
  }

  leave(connection: Connection, room = DEFAULT_ROOM): void {
    this.membership.remove(connection as Channel, room);
    this.forget(connection as Channel, room);
  }

  /** Takes a connection out of every room it is in. */
  leaveAll(connection: Connection): void {
    const channel = connection as Channel;
    const rooms = this.membership.of(channel);
    this.membership.removeAll(channel);
    for (const room of rooms) this.forget(channel, room);
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

  private forget(channel: Channel, room: string): void {
    const delivery = this.deliveries.get(room);
    if (delivery === undefined) return;
    delivery.remove(channel);
    if (delivery.empty) this.deliveries.delete(room);
  }

  private deliver(room: string, msg: string | Uint8Array, except: Connection | undefined): number {
    const delivery = this.deliveries.get(room);
    if (delivery === undefined) return 0;
    const encodings = new Encodings(msg);
    let count = 0;
    for (const member of delivery.single) count += this.writeTo(member, encodings, except);
    for (const { group, codec, text } of delivery.fanOuts) {
      // Members with bytes queued (slow, corked) or closing get it one by one, in order with their queue.
      const behind = group.behind;
      for (const member of behind) count += this.writeTo(member, encodings, except);
      if (group.size === behind.size) continue;
      count += group.send(encodings.for(codec, text), except as Channel | undefined);
    }
    return count;
  }

  /** One member's copy of a broadcast, through its channel (and the slow-consumer policy); 1 if written. */
  private writeTo(member: Channel, encodings: Encodings, except: Connection | undefined): number {
    if (member === except || !member.isOpen || member.skipsWhileSlow()) return 0;
    this.batch(member);
    member.writeEncoded(encodings.for(member.config.codec, member.carriesText));
    return 1;
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

/**
 * The wire forms of one message, made once per codec: text becomes bytes here (for byte links),
 * not once per socket write. Rooms that mix transports (telnet and browsers) alternate codecs.
 */
class Encodings {
  private codec?: Codec;
  private text = false;
  private encoded: string | Uint8Array;
  private seen?: Map<Codec, string | Uint8Array>[];

  constructor(private readonly msg: string | Uint8Array) {
    this.encoded = msg;
  }

  for(codec: Codec, text: boolean): string | Uint8Array {
    if (codec === this.codec && text === this.text) return this.encoded;
    // Only a room that mixes codecs (or byte and text links) keeps more than one.
    if (this.codec !== undefined)
      (this.seen ??= [new Map(), new Map()])[this.text ? 1 : 0]!.set(this.codec, this.encoded);
    this.codec = codec;
    this.text = text;
    let encoded = this.seen?.[text ? 1 : 0]!.get(codec);
    if (encoded === undefined) {
      encoded = codec.encode(this.msg);
      if (typeof encoded === 'string' && !text) encoded = Buffer.from(encoded);
    }
    return (this.encoded = encoded);
  }
}
