import type { HandlerContext } from '@switchboard/core';
import { ReplyWriter } from './reply-writer.js';
import type { WriteScheduler } from './write-scheduler.js';

/** Replies past this many bytes are written at once, not at the end of the turn. */
const FLUSH_AT = 64 * 1024;

/** Runs one command of this session, writing its reply to `session.reply`. */
export type RunCommand = (args: Buffer[]) => void;

/**
 * One client connection: its name and id (CLIENT SETNAME, CLIENT ID), and the order of its
 * replies. Commands run as they arrive and their replies are gathered, then written in one write
 * at the end of the event loop's turn, after every read of that turn (see WriteScheduler). When a
 * write finds the peer behind, reading stops and the commands still to come from that read wait
 * in a queue; they run once the peer catches up. So a client pipelining a million GETs without reading holds at
 * most one read's commands and one batch of replies, and every reply keeps its place.
 */
export class RespSession {
  readonly reply = new ReplyWriter();
  name: Buffer | null = null;
  libName = '';
  libVersion = '';
  readonly openedAt: number;
  private queue: Buffer[][] = [];
  private blocked = false;
  private closing = false;
  /** True while this session waits in the scheduler for the end of the turn. */
  private scheduled = false;

  constructor(
    readonly id: number,
    private readonly ctx: HandlerContext,
    private readonly run: RunCommand,
    private readonly scheduler: WriteScheduler,
    now: number,
  ) {
    this.openedAt = now;
  }

  get peer(): string {
    return this.ctx.connection.peer;
  }

  receive(args: Buffer[]): void {
    if (this.closing) return;
    if (this.blocked) {
      this.queue.push(args);
      return;
    }
    this.execute(args);
  }

  /** The peer caught up: run what waited, until it falls behind again. */
  writable(): void {
    if (this.closing || !this.blocked) return;
    this.blocked = false;
    const queue = this.queue;
    let next = 0;
    while (next < queue.length && !this.blocked && !this.closing) this.execute(queue[next++]!);
    this.queue = queue.slice(next);
    this.flush();
    if (!this.blocked) this.ctx.connection.resume();
  }

  /** QUIT: the replies so far go out, then the connection closes; later commands are ignored. */
  quit(): void {
    this.closing = true;
    this.flush();
    this.ctx.close();
  }

  private execute(args: Buffer[]): void {
    this.run(args);
    if (this.closing) return;
    if (this.reply.length >= FLUSH_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      this.scheduler.schedule(this);
    }
  }

  /** The end of the event loop's turn (see WriteScheduler): this turn's replies go out. */
  writeScheduled(): void {
    this.scheduled = false;
    this.flush();
  }

  /** Writes the replies gathered so far; pauses reading when the peer is behind. */
  private flush(): void {
    let keptUp = true;
    for (const part of this.reply.take()) keptUp = this.ctx.write(part) && keptUp;
    if (keptUp || this.blocked || !this.ctx.connection.isOpen) return;
    this.blocked = true;
    this.ctx.connection.pause();
  }
}
