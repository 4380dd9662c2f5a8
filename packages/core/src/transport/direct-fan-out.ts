import type { DirectSend } from './direct-send.js';
import type { FanOut, FanOutSource, Link } from './link.js';

/** What a direct fan-out needs of a link it sends to (NetLink and WsLink on plain TCP sockets). */
export interface DirectLink {
  /** The link's state in direct fan-outs, made on first use. */
  readonly directTarget: DirectTarget;
  /**
   * Its socket's descriptor when a send to it now keeps its order (nothing queued in Node or
   * libuv, not corked, not closing, not gone); else -1.
   */
  directFd(): number;
  /** The kernel took a direct send: counts as traffic for the idle timeout. */
  sentDirect(): void;
  /** What a direct send did not deliver, from `offset`, written the ordinary way (nothing once the link is gone). */
  writeRest(data: Uint8Array, offset: number): void;
}

/** One link's part in direct fan-outs: what it was sent, and whether the pending program owes it bytes. */
export class DirectTarget {
  /** The program (its serial) that found this link sendable: until that program ran, it may owe it bytes. */
  mark = -1;
  /** Bytes the kernel took directly (the link adds them to its bytesWritten). */
  bytes = 0;
  /** Fan-out messages handed to this link (its channel's messagesWritten counts them). */
  messages = 0;

  constructor(
    readonly fanOuts: DirectFanOuts,
    readonly link: DirectLink,
    readonly fd: number,
  ) {}

  /**
   * Called by the link before anything of its own goes to its socket (a write, a cork, the end):
   * broadcasts it is owed leave first, so the peer sees everything in the order it was made.
   */
  beforeWrite(): void {
    if (this.mark === this.fanOuts.serial) this.fanOuts.flush();
  }
}

/** Broadcasts in a row to one group with one `except`: joined into one send per member. */
interface Run {
  group: DirectFanOut<unknown> | undefined;
  except: Entry<unknown> | undefined;
  /** Text (tcp:// broadcasts, encoded once per run) or framed bytes. */
  readonly parts: (string | Uint8Array)[];
  messages: number;
}

interface Entry<T> {
  readonly member: T;
  readonly target: DirectTarget;
  /** The program serial in which this member was found sendable; else -1 (behind). */
  mark: number;
  behind: boolean;
}

/**
 * A transport's direct fan-outs (one per tcp:// or ws:// transport, when the reactor has a
 * `DirectSend`). Broadcasts are held until the end of the turn (a microtask) as a program of runs,
 * in the order they were made; each run then leaves as one buffer, sent by one `sendEach` call to
 * every member whose socket has nothing queued, with no stream write per member. What the kernel
 * does not take goes to that member's ordinary socket write, after which it is behind: the Hub
 * writes to it through its channel (and its slow-consumer policy) until its queue is empty again.
 */
export class DirectFanOuts implements FanOutSource {
  /** Counts programs: a member marked with the current one may be owed bytes by it. */
  serial = 0;
  private readonly runs: Run[] = [];
  private used = 0;
  private scheduled = false;
  // Reused by every send: nothing is allocated per member.
  private fds = new Int32Array(64);
  private sent = new Int32Array(64);
  private readonly targets: (DirectTarget | undefined)[] = [];
  private readonly oneFd = new Int32Array(1);
  private readonly oneSent = new Int32Array(1);
  private readonly flushLater = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly sender: DirectSend,
    /** Frames one message for the wire (a WebSocket frame); absent: as it is (TCP), text encoded once per run. */
    readonly frame?: (data: string | Uint8Array) => Uint8Array,
  ) {}

  create<T>(): FanOut<T> {
    return new DirectFanOut<T>(this);
  }

  /** Unframed (TCP): a run's text is joined and encoded once when it leaves. */
  get encodesText(): boolean {
    return this.frame === undefined;
  }

  /**
   * One write to one socket whose queue is empty, sent now: the bytes the kernel took, or -errno.
   * Its own arrays, so a write made while a program runs cannot disturb the program's.
   */
  sendOne(fd: number, data: Uint8Array): number {
    this.oneFd[0] = fd;
    this.sender.sendEach(data, this.oneFd, 1, this.oneSent);
    return this.oneSent[0]!;
  }

  /** Runs the program now; the next broadcast starts a new one. */
  flush(): void {
    const used = this.used;
    const serial = this.serial++;
    if (used === 0) return;
    this.used = 0;
    for (let i = 0; i < used; i++) {
      const run = this.runs[i]!;
      const parts = run.parts;
      const data = runBytes(parts);
      this.sendRun(run.group!, data, run.except, run.messages, serial);
      parts.length = 0;
      run.group = undefined;
      run.except = undefined;
    }
  }

  /** The program will run at the end of this turn, so what a group found stays true until then. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flushLater);
  }

  /** Adds one broadcast to the program: to the last run if it is the same group and except. */
  append<T>(group: DirectFanOut<T>, data: string | Uint8Array, except: Entry<T> | undefined): void {
    const last = this.used > 0 ? this.runs[this.used - 1]! : undefined;
    if (last !== undefined && last.group === group && last.except === except) {
      last.parts.push(data);
      last.messages++;
      return;
    }
    let run = this.runs[this.used];
    if (run === undefined) this.runs.push((run = { group: undefined, except: undefined, parts: [], messages: 0 }));
    this.used++;
    run.group = group as DirectFanOut<unknown>;
    run.except = except as Entry<unknown> | undefined;
    run.parts.push(data);
    run.messages = 1;
  }

  private sendRun(
    group: DirectFanOut<unknown>,
    data: Uint8Array,
    except: Entry<unknown> | undefined,
    messages: number,
    serial: number,
  ): void {
    let count = 0;
    for (const entry of group.entries) {
      if (entry.mark !== serial || entry === except) continue;
      const target = entry.target;
      target.messages += messages;
      const fd = target.link.directFd();
      // Something was queued since (or it is gone): the ordinary path keeps its order.
      if (fd < 0) target.link.writeRest(data, 0);
      else {
        if (count === this.fds.length) this.grow();
        this.fds[count] = fd;
        this.targets[count++] = target;
      }
    }
    if (count === 0) return;
    this.sender.sendEach(data, this.fds, count, this.sent);
    for (let i = 0; i < count; i++) {
      const target = this.targets[i]!;
      this.targets[i] = undefined;
      const sent = this.sent[i]!;
      if (sent > 0) {
        target.bytes += sent;
        target.link.sentDirect();
      }
      // A full socket buffer (EAGAIN, or part taken) or an error: Node writes the rest, and reports an error as ever.
      if (sent !== data.length) target.link.writeRest(data, sent > 0 ? sent : 0);
    }
  }

  private grow(): void {
    const fds = new Int32Array(this.fds.length * 2);
    fds.set(this.fds);
    this.fds = fds;
    this.sent = new Int32Array(fds.length);
  }
}

/**
 * Members of one room (and codec) on one transport's direct fan-outs. Which members are behind is
 * found once per program (the first broadcast of a turn): a member whose socket has anything
 * queued, is corked or closing is behind and left to the Hub; the others get the program's sends.
 * A group of one sends nothing directly (one write costs what one send does).
 */
export class DirectFanOut<T> implements FanOut<T> {
  readonly entries: Entry<T>[] = [];
  private readonly byMember = new Map<T, Entry<T>>();
  private readonly behindSet = new Set<T>();
  /** The program `behind` was found for; -1: find it again. */
  private foundIn = -1;
  private ahead = 0;

  constructor(private readonly fanOuts: DirectFanOuts) {}

  get size(): number {
    return this.entries.length;
  }

  /** Brought up to date when first read in a program (read it right before `send`, as the Hub does). */
  get behind(): ReadonlySet<T> {
    if (this.foundIn !== this.fanOuts.serial) this.findBehind();
    return this.behindSet;
  }

  has(member: T): boolean {
    return this.byMember.has(member);
  }

  add(member: T, link: Link): void {
    const target = (link as Partial<DirectLink>).directTarget;
    if (target?.fanOuts !== this.fanOuts) throw new TypeError("a direct fan-out takes its own transport's links only");
    if (this.byMember.has(member)) return;
    // The program so far was made for the members before this one.
    this.fanOuts.flush();
    const entry: Entry<T> = { member, target, mark: -1, behind: true };
    this.entries.push(entry);
    this.byMember.set(member, entry);
    this.behindSet.add(member);
    this.foundIn = -1;
  }

  remove(member: T): void {
    const entry = this.byMember.get(member);
    if (entry === undefined) return;
    // What it is owed was made while it was a member.
    this.fanOuts.flush();
    this.byMember.delete(member);
    this.behindSet.delete(member);
    const at = this.entries.indexOf(entry);
    const last = this.entries.pop()!;
    if (last !== entry) this.entries[at] = last;
    this.foundIn = -1;
  }

  send(data: string | Uint8Array, except?: T): number {
    if (this.foundIn !== this.fanOuts.serial) this.findBehind();
    const excepted = except === undefined ? undefined : this.byMember.get(except);
    const skipped = excepted !== undefined && !excepted.behind ? 1 : 0;
    if (this.ahead - skipped === 0) return 0;
    const frame = this.fanOuts.frame;
    this.fanOuts.append(this, frame === undefined ? data : frame(data), skipped === 1 ? excepted : undefined);
    return this.ahead - skipped;
  }

  private findBehind(): void {
    const serial = this.fanOuts.serial;
    this.foundIn = serial;
    this.fanOuts.schedule();
    const alone = this.entries.length < 2;
    let ahead = 0;
    for (const entry of this.entries) {
      const behind = alone || entry.target.link.directFd() < 0;
      if (behind) entry.mark = -1;
      else {
        entry.mark = serial;
        entry.target.mark = serial;
        ahead++;
      }
      if (behind === entry.behind) continue;
      entry.behind = behind;
      if (behind) this.behindSet.add(entry.member);
      else this.behindSet.delete(entry.member);
    }
    this.ahead = ahead;
  }
}

/**
 * A run as one buffer. Text in a row is joined and encoded once (one UTF-8 encode per run, not per
 * message), unless two messages meet at a lone surrogate pair, which joined would encode as one character.
 */
function runBytes(parts: (string | Uint8Array)[]): Uint8Array {
  if (parts.length === 1) return bytesOf(parts[0]!);
  for (const part of parts) if (typeof part !== 'string') return Buffer.concat(parts.map(bytesOf));
  // join() copies into one flat string: reading its characters flattens nothing more.
  const text = (parts as string[]).join('');
  return pairsAcross(parts as string[], text) ? Buffer.concat(parts.map(bytesOf)) : Buffer.from(text);
}

function bytesOf(part: string | Uint8Array): Uint8Array {
  return typeof part === 'string' ? Buffer.from(part) : part;
}

/** Whether a high surrogate ending one part meets a low one starting the next, in their join `text`. */
function pairsAcross(parts: string[], text: string): boolean {
  let at = 0;
  for (let i = 0; i < parts.length - 1; i++) {
    at += parts[i]!.length;
    if (at === 0 || at === text.length) continue;
    const before = text.charCodeAt(at - 1);
    if (before >= 0xd800 && before <= 0xdbff) {
      const after = text.charCodeAt(at);
      if (after >= 0xdc00 && after <= 0xdfff) return true;
    }
  }
  return false;
}
