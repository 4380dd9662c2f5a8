import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { SwitchboardError } from '@switchboard/core';
import { encodeCommand } from './resp-command.js';
import { RespErrorReply, RespReader, type RespLimits, type RespValue } from './resp-reader.js';
import type { RedisAddress } from './redis-url.js';

/** What a command's reply callback receives: the reply, or the error that ended the connection. */
export type ReplyCallback = (reply: RespValue | Error) => void;

interface Pending {
  readonly bytes: number;
  readonly sentAt: number;
  readonly done?: ReplyCallback;
}

/** Limits and hooks of one connection. */
export interface RedisConnectionOptions extends RespLimits {
  /** A command unanswered this long resets the connection (ms). */
  readonly commandTimeoutMs: number;
  /** `['message', channel, data]` pushes (subscriber connections). */
  readonly onMessage?: (channel: Buffer, data: Buffer) => void;
  /** Called once when the connection is gone, with why (undefined after close()). */
  readonly onClose: (err?: Error) => void;
}

/**
 * One socket to Redis with a FIFO of commands awaiting replies. It holds nothing unbounded:
 * replies go through a bounded RespReader, and an unanswered command past `commandTimeoutMs`
 * destroys the socket (ETIMEDOUT), failing every pending command. Not reconnecting is the
 * owner's job.
 */
export class RedisConnection {
  private readonly socket: Socket;
  private readonly reader: RespReader;
  private readonly pending: Pending[] = [];
  private head = 0;
  private bytesPending = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    address: RedisAddress,
    private readonly options: RedisConnectionOptions,
  ) {
    const target = { host: address.host, port: address.port };
    this.socket = address.tls ? tlsConnect({ ...target, servername: address.host }) : netConnect(target);
    this.socket.setNoDelay(true);
    this.reader = new RespReader(options, (value) => this.onReply(value));
    this.socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (err) {
        this.destroy(err as Error);
      }
    });
    this.socket.on('error', (err) => this.destroy(err));
    this.socket.on('close', () => this.destroy(new SwitchboardError('ECONNRESET', 'Redis closed the connection')));
    if (address.password !== undefined) {
      this.send(['AUTH', ...(address.username !== undefined ? [address.username] : []), address.password], (reply) => {
        if (reply instanceof RespErrorReply) this.destroy(new Error(`Redis refused AUTH: ${reply.message}`));
      });
    }
  }

  /** Commands written but not yet answered, and their bytes (queued in Node or in flight). */
  get inFlight(): { commands: number; bytes: number } {
    return { commands: this.pending.length - this.head, bytes: this.bytesPending };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes a command; `done` gets its reply, or the error that ended the connection first. */
  send(args: readonly (string | Uint8Array)[], done?: ReplyCallback): void {
    if (this.closed) {
      done?.(new SwitchboardError('ECONNRESET', 'the Redis connection is closed'));
      return;
    }
    const command = encodeCommand(args);
    this.pending.push({ bytes: command.length, sentAt: performance.now(), ...(done ? { done } : {}) });
    this.bytesPending += command.length;
    this.socket.write(command);
    this.timer ??= this.armTimer(this.options.commandTimeoutMs);
  }

  /** Sends a command and waits for its reply; an error reply rejects. */
  request(args: readonly (string | Uint8Array)[]): Promise<RespValue> {
    return new Promise((resolve, reject) =>
      this.send(args, (reply) => {
        if (reply instanceof Error) reject(reply);
        else if (reply instanceof RespErrorReply) reject(new Error(`Redis replied ${reply.message}`));
        else resolve(reply);
      }),
    );
  }

  /** Ends the connection after what was written, and fails whatever is still unanswered. */
  close(): void {
    if (this.closed) return;
    this.socket.end();
    this.socket.destroySoon();
    this.destroy();
  }

  /** Drops the socket now; pending commands fail with `err`. */
  destroy(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    if (err) this.socket.destroy();
    const failure = err ?? new SwitchboardError('ECONNRESET', 'the Redis connection was closed');
    for (let i = this.head; i < this.pending.length; i++) this.pending[i]!.done?.(failure);
    this.pending.length = 0;
    this.head = 0;
    this.bytesPending = 0;
    this.options.onClose(err);
  }

  private onReply(value: RespValue): void {
    if (Array.isArray(value) && value.length === 3 && isText(value[0], 'message')) {
      const [, channel, data] = value;
      if (Buffer.isBuffer(channel) && Buffer.isBuffer(data)) this.options.onMessage?.(channel, data);
      return;
    }
    const entry = this.pending[this.head];
    if (!entry) throw new SwitchboardError('PROTOCOL_ERROR', 'Redis sent a reply to no command');
    this.pending[this.head++] = undefined as unknown as Pending;
    this.bytesPending -= entry.bytes;
    // Compact now and then, so that the queue neither grows nor shifts on every reply.
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    entry.done?.(value);
  }

  /** One timer for the oldest command: it fires when that one is overdue, else re-arms for it. */
  private armTimer(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timer = undefined;
      const oldest = this.pending[this.head];
      if (!oldest) return;
      const age = performance.now() - oldest.sentAt;
      const limit = this.options.commandTimeoutMs;
      if (age < limit) this.timer = this.armTimer(limit - age);
      else this.destroy(new SwitchboardError('ETIMEDOUT', `Redis did not answer within ${limit} ms`));
    }, ms);
    timer.unref();
    return timer;
  }
}

function isText(value: RespValue | undefined, text: string): boolean {
  return Buffer.isBuffer(value) ? value.toString('latin1') === text : value === text;
}
