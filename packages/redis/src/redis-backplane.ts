import { SwitchboardError, type Backplane, type BackplaneMessage } from '@switchboard/core';
import { decodeBackplaneMessage, encodeBackplaneMessage } from './backplane-codec.js';
import { EpisodeLog } from './episode-log.js';
import {
  resolveRedisBackplaneOptions,
  type RedisBackplaneOptions,
  type ResolvedRedisBackplaneOptions,
} from './redis-backplane-options.js';
import type { RespValue } from './resp-reader.js';
import { RedisLink } from './redis-link.js';
import { parseRedisUrl, type RedisAddress } from './redis-url.js';

export type { RedisBackplaneOptions } from './redis-backplane-options.js';

/** Counters since the backplane was created, read with `stats()`. */
export interface RedisBackplaneStats {
  /** Broadcasts Redis acknowledged. */
  published: number;
  /** Broadcasts not sent: Redis down, the pending limit reached, or larger than maxMessageBytes. */
  dropped: number;
  /** Broadcasts sent whose connection was lost (or timed out) before Redis acknowledged them. */
  failed: number;
  /** Messages from other processes delivered to the hub. */
  received: number;
  /** Messages on the channel that are not ours (another program, a bad header): ignored. */
  malformed: number;
  /** Connections lost after being up: errors, timeouts, protocol violations. */
  resets: number;
}

/**
 * Broadcasts over Redis pub/sub, so that hubs in several processes share rooms. One connection
 * publishes, a second subscribes (Redis requires that). Redis is not trusted: replies are read
 * with bounded size and depth, unanswered commands time out, and what waits for Redis is
 * bounded, so past the limits broadcasts are dropped and counted (at most once delivery). Local
 * members always get broadcasts directly from the hub; the links reconnect by themselves.
 */
export class RedisBackplane implements Backplane {
  private readonly options: ResolvedRedisBackplaneOptions;
  private readonly address: RedisAddress;
  private readonly publisher: RedisLink;
  private readonly subscriber: RedisLink;
  private readonly listeners: ((message: BackplaneMessage) => void)[] = [];
  private readonly counts: RedisBackplaneStats = {
    published: 0,
    dropped: 0,
    failed: 0,
    received: 0,
    malformed: 0,
    resets: 0,
  };
  private readonly lossLog: EpisodeLog;
  private readonly dropLog: EpisodeLog;
  private readonly malformedLog: EpisodeLog;
  private readonly onPublished = (reply: RespValue | Error) => this.published(reply);

  constructor(options: RedisBackplaneOptions = {}) {
    this.options = resolveRedisBackplaneOptions(options);
    this.address = parseRedisUrl(this.options.url);
    const fields = { url: this.address.display, channel: this.options.channel };
    this.lossLog = new EpisodeLog(this.options.logger, fields);
    this.dropLog = new EpisodeLog(this.options.logger, fields);
    this.malformedLog = new EpisodeLog(this.options.logger, fields);
    this.publisher = this.link([['PING']]);
    this.subscriber = this.link([['SUBSCRIBE', this.options.channel]], (channel, data) => this.receive(channel, data));
  }

  /** Connects both links; rejects with ECONNREFUSED naming the URL (credentials hidden) if Redis does not answer. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.publisher.start(), this.subscriber.start()]);
    } catch (cause) {
      this.publisher.close();
      this.subscriber.close();
      const why = (cause as Error).message;
      throw new SwitchboardError(
        'ECONNREFUSED',
        `Cannot reach Redis at "${this.address.display}": ${why} (ECONNREFUSED)`,
        {
          cause,
        },
      );
    }
  }

  publish(room: string, payload: string | Uint8Array, origin: string): void {
    const connection = this.publisher.up;
    if (!connection) return this.drop('Redis is unreachable');
    const message = encodeBackplaneMessage({ room, payload, origin });
    if (message.length > this.options.maxMessageBytes) {
      return this.drop(`a broadcast of ${message.length} bytes (limit ${this.options.maxMessageBytes})`);
    }
    const { commands, bytes } = connection.inFlight;
    if (commands >= this.options.maxPendingMessages || bytes + message.length > this.options.maxPendingBytes) {
      return this.drop(`Redis is not keeping up (${commands} broadcasts, ${bytes} bytes unacknowledged)`);
    }
    connection.send(['PUBLISH', this.options.channel, message], this.onPublished);
  }

  subscribe(listener: (message: BackplaneMessage) => void): void {
    this.listeners.push(listener);
  }

  unsubscribe(listener: (message: BackplaneMessage) => void): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  /** A copy of the counters. */
  stats(): RedisBackplaneStats {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    this.publisher.close();
    this.subscriber.close();
    for (const log of [this.lossLog, this.dropLog, this.malformedLog]) log.dispose();
  }

  private link(handshake: string[][], onMessage?: (channel: Buffer, data: Buffer) => void): RedisLink {
    const { options } = this;
    return new RedisLink(this.address, {
      handshake,
      connectTimeoutMs: options.connectTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
      // Pub/sub replies are one array deep with at most three elements; allow a little more.
      maxDepth: 2,
      maxArrayLength: 16,
      maxLineBytes: 64 * 1024,
      maxBulkBytes: options.maxMessageBytes,
      ...(onMessage ? { onMessage } : {}),
      onUp: () => this.lossLog.end((n) => `Redis is back after ${n} connection loss(es)`),
      onDown: (err) => {
        this.counts.resets++;
        this.lossLog.record(() => `lost the Redis connection: ${err.message}; reconnecting (local broadcast goes on)`);
      },
    });
  }

  private published(reply: RespValue | Error): void {
    if (reply instanceof Error) {
      this.counts.failed++;
      this.dropLog.record(() => `broadcasts lost with the connection: ${reply.message}`);
      return;
    }
    this.counts.published++;
    this.dropLog.end((n) => `broadcasts flow again; ${n} were dropped or lost`);
  }

  private drop(why: string): void {
    this.counts.dropped++;
    this.dropLog.record(() => `dropping broadcasts to other processes: ${why}`);
  }

  private receive(channel: Buffer, data: Buffer): void {
    const message = channel.toString() === this.options.channel ? decodeBackplaneMessage(data) : undefined;
    if (!message) {
      this.counts.malformed++;
      this.malformedLog.record(() => `ignoring messages on the channel that are not Switchboard broadcasts`);
      return;
    }
    this.malformedLog.end((n) => `${n} foreign message(s) ignored`);
    this.counts.received++;
    for (const listener of this.listeners) listener(message);
  }
}
