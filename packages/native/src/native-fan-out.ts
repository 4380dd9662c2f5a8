import type { FanOut, Link } from '@switchboard/core/transport';
import { NO_CONNECTION } from './native-binding.js';
import type { FanOutHost, FanOutMembership } from './link-host.js';
import { NativeLink } from './native-link.js';

interface Entry<T> extends FanOutMembership {
  readonly member: T;
  readonly link: NativeLink;
  /** Where the link's id is in `ids`; -1 while it is behind. */
  index: number;
}

/**
 * Native links that receive the same bytes: `send` is one record in the turn's write program,
 * whatever the number of members, and the addon writes it into each member's sendmsg. Members
 * whose link has a queue (slow, corked) or is closing are `behind` and left to the caller.
 */
export class NativeFanOut<T> implements FanOut<T> {
  readonly behind = new Set<T>();
  /** Messages sent so far: a member's count is what was sent while it was in, less its own. */
  messages = 0;
  private readonly entries = new Map<T, Entry<T>>();
  /** The ids sent to, in `ahead` order; referenced by the turn's program until it runs. */
  private ids = new Uint32Array(16);
  private readonly ahead: Entry<T>[] = [];
  private sharedIn = -1;

  constructor(private readonly host: FanOutHost) {}

  get size(): number {
    return this.entries.size;
  }

  has(member: T): boolean {
    return this.entries.has(member);
  }

  add(member: T, link: Link): void {
    if (!(link instanceof NativeLink)) throw new TypeError('a native fan-out takes native links only');
    if (this.entries.has(member)) return;
    const entry: Entry<T> = { group: this, member, link, index: -1, base: 0 };
    this.entries.set(member, entry);
    link.joinFanOut(entry);
  }

  remove(member: T): void {
    const entry = this.entries.get(member);
    if (entry === undefined) return;
    this.entries.delete(member);
    entry.link.leaveFanOut(entry);
    this.behind.delete(member);
  }

  send(data: string | Uint8Array, except?: T): number {
    const count = this.ahead.length;
    if (count === 0) return 0;
    let exceptId = NO_CONNECTION;
    const excepted = except === undefined ? undefined : this.entries.get(except);
    if (excepted !== undefined && excepted.index >= 0) {
      exceptId = excepted.link.id;
      excepted.base++;
    }
    this.messages++;
    this.sharedIn = this.host.program.serial;
    // Stream links only: the Hub hands them bytes, never text.
    this.host.fanOutWrite(typeof data === 'string' ? Buffer.from(data) : data, this.ids, count, exceptId);
    return exceptId === NO_CONNECTION ? count : count - 1;
  }

  /** Called by the member's link when it falls behind or catches up (and with `behind` on leaving). */
  place(membership: FanOutMembership, behind: boolean): number {
    const entry = membership as Entry<T>;
    if (behind) {
      let sent = 0;
      if (entry.index >= 0) {
        this.takeOut(entry);
        sent = this.messages - entry.base;
      }
      if (this.entries.has(entry.member)) this.behind.add(entry.member);
      return sent;
    }
    this.behind.delete(entry.member);
    if (entry.index < 0) {
      this.putIn(entry);
      entry.base = this.messages;
    }
    return 0;
  }

  /** Messages sent to a member that is in right now. */
  sentSince(membership: FanOutMembership): number {
    const entry = membership as Entry<T>;
    return entry.index >= 0 ? this.messages - entry.base : 0;
  }

  /** The turn's program still reads `ids`: change a copy. */
  private writable(): void {
    if (this.sharedIn !== this.host.program.serial) return;
    this.ids = this.ids.slice();
    this.sharedIn = -1;
  }

  private putIn(entry: Entry<T>): void {
    this.writable();
    if (this.ahead.length === this.ids.length) {
      const grown = new Uint32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    entry.index = this.ahead.push(entry) - 1;
    this.ids[entry.index] = entry.link.id;
  }

  private takeOut(entry: Entry<T>): void {
    this.writable();
    const last = this.ahead.pop()!;
    if (last !== entry) {
      this.ahead[entry.index] = last;
      this.ids[entry.index] = last.link.id;
      last.index = entry.index;
    }
    entry.index = -1;
  }
}
