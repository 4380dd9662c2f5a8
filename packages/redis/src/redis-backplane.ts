import { SwitchboardError, silentLogger, type Backplane, type BackplaneMessage, type Logger } from '@switchboard/core';
import { Redis } from 'ioredis';
import { decodeBackplaneMessage, encodeBackplaneMessage } from './backplane-codec.js';

/** Options for the Redis backplane. */
export interface RedisBackplaneOptions {
  /** `redis://127.0.0.1:6379` (default). */
  url?: string;
  /** The Redis pub/sub channel; every process that should share rooms uses the same one (default `switchboard`). */
  channel?: string;
  /** How long `connect()` waits for Redis (default 5000 ms). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

/**
 * Broadcasts over Redis pub/sub, so that hubs in several processes or on several machines
 * share rooms. One connection publishes, a second one subscribes (Redis requires that).
 * While Redis is unreachable broadcasts still reach local members; remote ones miss them.
 */
export class RedisBackplane implements Backplane {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly listeners: ((message: BackplaneMessage) => void)[] = [];
  private readonly logger: Logger;
  /** ioredis reports "Connection is closed" on failure; the socket error before it says why. */
  private lastError?: Error;

  constructor(private readonly options: RedisBackplaneOptions = {}) {
    const url = options.url ?? 'redis://127.0.0.1:6379';
    this.channel = options.channel ?? 'switchboard';
    this.logger = options.logger ?? silentLogger;
    // No offline queue: a broadcast while Redis is down is dropped, not piled up in memory.
    const settings = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
    this.publisher = new Redis(url, settings);
    this.subscriber = new Redis(url, settings);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (err: Error) => {
        this.lastError = err;
        this.logger.warn(`redis backplane: ${err.message}`, { url });
      });
    }
    this.subscriber.on('messageBuffer', (_channel: Buffer, data: Buffer) => this.receive(data));
  }

  /** Connects both clients and subscribes; rejects with ECONNREFUSED (naming the URL) if Redis does not answer. */
  async connect(): Promise<void> {
    const url = this.options.url ?? 'redis://127.0.0.1:6379';
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([this.publisher.connect(), this.subscriber.connect()]), timeout]);
      await this.subscriber.subscribe(this.channel);
    } catch (cause) {
      this.publisher.disconnect();
      this.subscriber.disconnect();
      const why = this.lastError?.message ?? (cause as Error).message;
      throw new SwitchboardError('ECONNREFUSED', `Cannot reach Redis at "${url}": ${why} (ECONNREFUSED)`, { cause });
    } finally {
      clearTimeout(timer);
    }
  }

  publish(room: string, payload: string | Uint8Array, origin: string): void {
    if (this.publisher.status !== 'ready') return;
    this.publisher.publish(this.channel, encodeBackplaneMessage({ room, payload, origin })).catch((err: Error) => {
      this.logger.warn(`redis backplane: publish failed: ${err.message}`);
    });
  }

  subscribe(listener: (message: BackplaneMessage) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.quit().catch(() => undefined), this.subscriber.quit().catch(() => undefined)]);
  }

  private receive(data: Buffer): void {
    const message = decodeBackplaneMessage(data);
    if (!message) return;
    for (const listener of this.listeners) listener(message);
  }
}
