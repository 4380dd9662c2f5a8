import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { Channel } from '../channel/channel.js';
import type { Codec } from '../codec/codec.js';
import { BACKPLANE } from '../tokens.js';
import type { Backplane, BackplaneMessage } from './backplane.js';

const NO_OPTIONS: BroadcastOptions = {};

/** The room channels join when they name none. */
export const DEFAULT_ROOM = 'lobby';

/** Options for one broadcast. */
export interface BroadcastOptions {
  room?: string;
  /** Usually the sender: everyone but this channel receives the message. */
  except?: Channel;
}

/**
 * Rooms of channels, across transports: a telnet client and a browser in one room hear each
 * other. A broadcast is encoded once per codec, not once per receiver, and also goes out on the
 * backplane so that members in other processes hear it. Broadcasts within one turn are batched
 * into one write per receiver.
 */
@injectable()
export class Hub {
  /** This process's id on the backplane. */
  readonly origin = randomUUID();
  private readonly rooms = new Map<string, Set<Channel>>();
  /** Receivers corked during this turn; uncorked together once the current callback returns. */
  private readonly corked = new Set<Channel>();
  private readonly flush = () => {
    for (const channel of this.corked) channel.uncork();
    this.corked.clear();
  };

  constructor(@inject(BACKPLANE) private readonly backplane: Backplane) {
    backplane.subscribe((message) => this.fromBackplane(message));
  }

  join(channel: Channel, room = DEFAULT_ROOM): void {
    let members = this.rooms.get(room);
    if (!members) this.rooms.set(room, (members = new Set()));
    members.add(channel);
  }

  leave(channel: Channel, room = DEFAULT_ROOM): void {
    const members = this.rooms.get(room);
    if (!members) return;
    members.delete(channel);
    if (members.size === 0) this.rooms.delete(room);
  }

  /** The channels in a room, right now. */
  members(room = DEFAULT_ROOM): ReadonlySet<Channel> {
    return this.rooms.get(room) ?? new Set();
  }

  /** Sends to every member of the room but `except`, here and in other processes; returns local deliveries. */
  broadcast(msg: string | Uint8Array, options: BroadcastOptions = NO_OPTIONS): number {
    const room = options.room ?? DEFAULT_ROOM;
    this.backplane.publish(room, msg, this.origin);
    return this.deliver(room, msg, options.except);
  }

  private fromBackplane(message: BackplaneMessage): void {
    if (message.origin !== this.origin) this.deliver(message.room, message.payload, undefined);
  }

  private deliver(room: string, msg: string | Uint8Array, except: Channel | undefined): number {
    const members = this.rooms.get(room);
    if (!members) return 0;
    let codec: Codec | undefined;
    let encoded: string | Uint8Array = msg;
    // Rooms that mix transports (telnet and browsers) alternate codecs: remember each encoding.
    let seen: Map<Codec, string | Uint8Array> | undefined;
    let count = 0;
    for (const member of members) {
      if (member === except || !member.isOpen) continue;
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
