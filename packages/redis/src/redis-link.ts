import { SwitchboardError } from '@switchboard/core';
import { RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import type { RedisAddress } from './redis-url.js';

/** How a link sets itself up and what it reports. */
export interface RedisLinkOptions extends Omit<RedisConnectionOptions, 'onClose'> {
  /** Commands that make a fresh connection usable (PING, or SUBSCRIBE channel). */
  readonly handshake: readonly (readonly string[])[];
  readonly connectTimeoutMs: number;
  /** Longest wait between reconnection attempts (ms). */
  readonly maxRetryDelayMs: number;
  readonly onUp: () => void;
  readonly onDown: (err: Error) => void;
}

/** How long a connection must stay up for the reconnection delay to start again from 100 ms. */
const STABLE_MS = 10_000;

/**
 * A Redis connection that comes back by itself: after a loss it reconnects with growing delays
 * (100 ms doubling up to `maxRetryDelayMs`), and while up it pings every `commandTimeoutMs`, so a
 * silent Redis is noticed by the command timeout even when nothing is published.
 */
export class RedisLink {
  private connection?: RedisConnection;
  private ready = false;
  private retries = 0;
  private retryTimer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;
  private upSince = 0;

  constructor(
    private readonly address: RedisAddress,
    private readonly options: RedisLinkOptions,
  ) {}

  /** The connection, when it is up and past its handshake. */
  get up(): RedisConnection | undefined {
    return this.ready ? this.connection : undefined;
  }

  /** The first connection: rejects (and gives up) if it fails, so a wrong URL fails at startup. */
  async start(): Promise<void> {
    try {
      await this.open();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  close(): void {
    this.closing = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    this.connection?.close();
  }

  private async open(): Promise<void> {
    let lost: Error | undefined;
    const connection = new RedisConnection(this.address, {
      ...this.options,
      onClose: (err) => {
        lost = err ?? new SwitchboardError('ECONNRESET', 'closed');
        this.onClose(connection, lost);
      },
    });
    this.connection = connection;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const ms = this.options.connectTimeoutMs;
        connection.destroy(new SwitchboardError('ETIMEDOUT', `no answer within ${ms} ms`));
        reject(lost);
      }, this.options.connectTimeoutMs);
    });
    try {
      await Promise.race([Promise.all(this.options.handshake.map((command) => connection.request(command))), timeout]);
    } catch (err) {
      connection.destroy(err as Error);
      throw lost ?? err;
    } finally {
      clearTimeout(timer);
    }
    if (connection.isClosed) throw lost;
    this.ready = true;
    this.upSince = performance.now();
    this.heartbeat = setInterval(() => connection.send(['PING']), this.options.commandTimeoutMs).unref();
    this.options.onUp();
  }

  private onClose(connection: RedisConnection, err: Error): void {
    if (connection !== this.connection) return;
    const wasReady = this.ready;
    this.ready = false;
    clearInterval(this.heartbeat);
    if (this.closing) return;
    if (wasReady) this.options.onDown(err);
    // Only a connection that stayed up a while resets the backoff: a Redis that accepts and then
    // misbehaves is retried ever more slowly, not 10 times a second.
    if (wasReady && performance.now() - this.upSince > STABLE_MS) this.retries = 0;
    // The first attempt's failure is start()'s to report; later ones retry.
    if (wasReady || this.retries > 0) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = Math.min(100 * 2 ** Math.min(this.retries++, 16), this.options.maxRetryDelayMs);
    this.retryTimer = setTimeout(() => {
      if (this.closing) return;
      this.open().catch(() => {}); // its loss schedules the next attempt
    }, delay);
    this.retryTimer.unref();
  }
}
