import type { Channel } from '../channel/channel.js';

const EMPTY: ReadonlySet<Channel> = new Set();

/** Who is in which room, kept both ways so that a member can leave every room at once. */
export class Rooms {
  private readonly byRoom = new Map<string, Set<Channel>>();
  private readonly byMember = new Map<Channel, Set<string>>();

  add(member: Channel, room: string): void {
    let members = this.byRoom.get(room);
    if (!members) this.byRoom.set(room, (members = new Set()));
    members.add(member);
    let rooms = this.byMember.get(member);
    if (!rooms) this.byMember.set(member, (rooms = new Set()));
    rooms.add(room);
  }

  remove(member: Channel, room: string): void {
    const rooms = this.byMember.get(member);
    if (!rooms?.delete(room)) return;
    if (rooms.size === 0) this.byMember.delete(member);
    this.dropFromRoom(member, room);
  }

  removeAll(member: Channel): void {
    const rooms = this.byMember.get(member);
    if (!rooms) return;
    this.byMember.delete(member);
    for (const room of rooms) this.dropFromRoom(member, room);
  }

  /** The live set of a room's members (empty for a room nobody is in). */
  members(room: string): ReadonlySet<Channel> {
    return this.byRoom.get(room) ?? EMPTY;
  }

  /** Every room with someone in it, and how many. */
  sizes(): Map<string, number> {
    const sizes = new Map<string, number>();
    for (const [room, members] of this.byRoom) sizes.set(room, members.size);
    return sizes;
  }

  /** The rooms `member` is in, in the order it joined them. */
  of(member: Channel): string[] {
    const rooms = this.byMember.get(member);
    return rooms ? [...rooms] : [];
  }

  private dropFromRoom(member: Channel, room: string): void {
    const members = this.byRoom.get(room);
    if (!members) return;
    members.delete(member);
    if (members.size === 0) this.byRoom.delete(room);
  }
}
