import type { Channel } from '../channel/channel.js';
import type { Codec } from '../codec/codec.js';
import type { FanOut, FanOutSource } from '../transport/link.js';

/** Members of one room that share a transport's fan-out and a codec: one encoding, one send. */
export interface FanOutMembers {
  readonly codec: Codec;
  readonly source: FanOutSource;
  readonly group: FanOut<Channel>;
  /**
   * Strings reach the group as strings: on message links (WebSocket) a text message; where the
   * source encodes text itself (`FanOutSource.encodesText`), encoded once per turn's run.
   */
  readonly text: boolean;
}

/**
 * One room's members, split by how a broadcast reaches them: through a transport's fan-out (one
 * call for all of them, see `Link.fanOut`), or one write each for the rest.
 */
export class RoomDelivery {
  /** Members whose transport has no fan-out: written to one by one. */
  readonly single = new Set<Channel>();
  readonly fanOuts: FanOutMembers[] = [];

  get empty(): boolean {
    return this.single.size === 0 && this.fanOuts.length === 0;
  }

  add(member: Channel): void {
    const source = member.fanOutSource;
    if (source === undefined) {
      this.single.add(member);
      return;
    }
    const codec = member.config.codec;
    let members = this.fanOuts.find((f) => f.source === source && f.codec === codec);
    if (members === undefined) {
      const text = member.carriesText || source.encodesText === true;
      this.fanOuts.push((members = { codec, source, group: source.create<Channel>(), text }));
    }
    if (!members.group.has(member)) member.joinFanOut(members.group);
  }

  remove(member: Channel): void {
    if (this.single.delete(member)) return;
    const at = this.fanOuts.findIndex((f) => f.group.has(member));
    if (at < 0) return;
    const { group } = this.fanOuts[at]!;
    group.remove(member);
    if (group.size === 0) this.fanOuts.splice(at, 1);
  }
}
