import type { Connection } from '../channel/connection.js';
import type { Channel } from '../channel/channel.js';
import { SwitchboardError } from '../errors.js';
import { backoffDelay, type ReconnectOptions } from './reconnect-policy.js';

/** What `reactor.connect(url, handlers, { reconnect })` gives: a client whose connection comes back. */
export interface ReconnectingClient {
  readonly url: string;
  /** The live connection; undefined while the client is between attempts. */
  readonly connection: Connection | undefined;
  /** Resolves with the live connection (at once if there is one); rejects once the client gave up or closed. */
  connected(): Promise<Connection>;
  /** Stops reconnecting (an attempt in progress is abandoned, its socket destroyed) and closes the live connection. */
  close(): void;
}

/** What the client tells the reactor, which logs it and emits it as events. */
export interface ReconnectReports {
  reconnecting(info: ReconnectingInfo): void;
  reconnected(connection: Connection, info: { url: string; attempts: number }): void;
  gaveUp(info: { url: string; attempts: number; error: SwitchboardError }): void;
}

/** A retry about to be scheduled: the `reconnecting` event. */
export interface ReconnectingInfo {
  readonly url: string;
  /** 1 for the first retry after a failure or a lost connection. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why the last attempt failed; undefined when a live connection was lost. */
  readonly error?: SwitchboardError;
}

/**
 * How long a connection must stay up for the backoff to start again from `initialDelayMs`: a
 * server that accepts and drops the client at once is redialled ever more slowly, not at the
 * initial delay forever.
 */
const STABLE_MS = 5000;

/** Codes that no retry can fix: the client gives up at once. */
const FINAL_CODES = new Set(['BAD_URL', 'BAD_OPTION', 'UNKNOWN_HANDLER', 'HANDLER_FAILED', 'REACTOR_CLOSED']);

/**
 * Keeps one outbound connection alive: dials, and when the attempt fails or the connection
 * closes, dials again after a backoff. Holds one connection, one timer and one pending promise
 * at a time, however long the target stays away.
 */
export class ReconnectSupervisor implements ReconnectingClient {
  private current?: Channel;
  private failures = 0;
  /** Connections in a row that closed within STABLE_MS of opening: they grow the backoff too. */
  private briefConnections = 0;
  private upSince = 0;
  private everConnected = false;
  private stopped?: SwitchboardError;
  private timer?: NodeJS.Timeout;
  private attempt?: AbortController;
  private waiter?: { promise: Promise<Connection>; resolve(c: Connection): void; reject(e: Error): void };

  constructor(
    readonly url: string,
    private readonly dial: (signal: AbortSignal) => Promise<Channel>,
    private readonly policy: Required<ReconnectOptions>,
    private readonly reports: ReconnectReports,
    /** Called once, when the client stops for good (closed or gave up). */
    private readonly onStop: () => void = () => {},
  ) {}

  get connection(): Connection | undefined {
    return this.current;
  }

  /** Dials the first time; resolves with the first connection. */
  start(): Promise<Connection> {
    const first = this.connected();
    this.dialNow();
    return first;
  }

  connected(): Promise<Connection> {
    if (this.current) return Promise.resolve(this.current);
    if (this.stopped) return Promise.reject(this.stopped);
    if (!this.waiter) {
      let resolve!: (c: Connection) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<Connection>((res, rej) => ((resolve = res), (reject = rej)));
      // Nobody may be waiting when the client gives up: that is an event, not an unhandled rejection.
      promise.catch(() => undefined);
      this.waiter = { promise, resolve, reject };
    }
    return this.waiter.promise;
  }

  close(
    reason = new SwitchboardError('REACTOR_CLOSED', `Stopped connecting to "${this.url}": the client was closed`),
  ): void {
    if (this.stopped) return;
    this.stop(reason);
    this.current?.close();
  }

  private dialNow(): void {
    this.timer = undefined;
    const attempt = (this.attempt = new AbortController());
    this.dial(attempt.signal).then(
      (channel) => this.up(channel),
      (err: unknown) => {
        if (this.attempt === attempt) this.attempt = undefined;
        this.failed(err instanceof SwitchboardError ? err : new SwitchboardError('UNKNOWN', String(err)));
      },
    );
  }

  private up(channel: Channel): void {
    this.attempt = undefined;
    if (this.stopped) return void channel.close();
    const attempts = this.failures;
    this.current = channel;
    this.failures = 0;
    this.upSince = performance.now();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve(channel);
    if (this.everConnected) this.reports.reconnected(channel, { url: this.url, attempts });
    this.everConnected = true;
    if (!channel.onClosed(() => this.lost())) this.lost();
  }

  private lost(): void {
    this.current = undefined;
    if (performance.now() - this.upSince < STABLE_MS) this.briefConnections++;
    else this.briefConnections = 0;
    if (!this.stopped) this.retry(undefined);
  }

  private failed(error: SwitchboardError): void {
    if (this.stopped) return;
    this.failures++;
    if (FINAL_CODES.has(error.code) || this.failures >= this.policy.maxAttempts) return this.giveUp(error);
    this.retry(error);
  }

  private retry(error: SwitchboardError | undefined): void {
    const attempt = this.failures + 1;
    const delayMs = backoffDelay(this.policy, attempt + this.briefConnections);
    this.reports.reconnecting({ url: this.url, attempt, delayMs, error });
    this.timer = setTimeout(() => this.dialNow(), delayMs);
  }

  private giveUp(error: SwitchboardError): void {
    const attempts = this.failures;
    const message = `Gave up connecting to "${this.url}" after ${attempts} failed attempts: ${error.message}`;
    this.stop(new SwitchboardError('RECONNECT_GAVE_UP', message, { cause: error }));
    this.reports.gaveUp({ url: this.url, attempts, error });
  }

  private stop(reason: SwitchboardError): void {
    this.stopped = reason;
    clearTimeout(this.timer);
    this.attempt?.abort(reason);
    this.attempt = undefined;
    this.waiter?.reject(reason);
    this.waiter = undefined;
    this.onStop();
  }
}
