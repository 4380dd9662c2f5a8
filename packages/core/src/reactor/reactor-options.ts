import type { DependencyContainer } from 'tsyringe';
import { SLOW_CONSUMER_POLICIES, type SlowConsumerPolicy } from '../channel/slow-consumer.js';
import type { Codec, CodecOptions } from '../codec/codec.js';
import type { CodecName } from '../codec/create-codec.js';
import type { Logger } from '../logging/logger.js';
import type { DirectSend } from '../transport/direct-send.js';
import type { SocketOptions, Transport } from '../transport/transport.js';
import { SwitchboardError } from '../errors.js';
import { checkLimitRange, MAX_TIMER_MS } from '../limit-ranges.js';
import type { ReconnectOptions } from './reconnect-policy.js';
import type { HandlerOptions } from './handler-options.js';

/** Limits that apply per listener; a reactor's values are the defaults for its listeners. */
export interface ConnectionLimits extends CodecOptions {
  /** Open connections per listener; the next client gets one ERROR line and is closed (default 10 000). */
  maxConnections?: number;
  /** Close a connection after this many ms without traffic, unless a handler has `onIdle` (default 0: never). */
  idleTimeout?: number;
  /** Bytes queued for one peer that is not reading before `slowConsumer` applies (default 8 MiB). */
  maxBufferedBytes?: number;
  /**
   * A peer over `maxBufferedBytes`: 'disconnect' closes it with SLOW_CONSUMER (default); 'drop' keeps
   * it and skips messages to it (broadcasts and `ctx.write`, which returns false) until it reads.
   */
  slowConsumer?: SlowConsumerPolicy;
  /** Open connections per listener from one address; the next gets MAX_CONNECTIONS_PER_IP (default 0: no limit). */
  maxConnectionsPerIp?: number;
  /** New connections per second from one address; faster ones get ACCEPT_RATE_PER_IP (default 0: no limit). */
  acceptRatePerIp?: number;
  /** How many connections one address may open at once before `acceptRatePerIp` applies (default: the rate, at least 1). */
  acceptBurstPerIp?: number;
}

/** Options for `new Reactor(...)`. */
export interface ReactorOptions extends ConnectionLimits {
  /** Where handlers and their services are resolved (default: a child of tsyringe's root container). */
  container?: DependencyContainer;
  logger?: Logger;
  /** Extra transports (a native one, say); they win over the built-in ones for their schemes. */
  transports?: Transport[];
  /**
   * Sends a broadcast to many sockets in one call (`createDirectSend()` of `@switchboard/native`):
   * the built-in tcp:// and ws:// transports then send it straight to each member's socket whose
   * Node queue is empty, instead of one stream write per member. Without it, every member gets
   * its own write.
   */
  directSend?: DirectSend;
  /** The line every client gets on graceful shutdown ('' for none). */
  goodbye?: string;
  /**
   * Time the handler chain of one message in 8 per connection (its 1st, 9th, 17th…) into
   * `stats().listeners[].handlerSeconds` (default false: two clock reads per timed message;
   * message and byte counts are always kept).
   */
  measureHandlerTime?: boolean;
}

/** Options for one listener. */
export interface ListenOptions extends ConnectionLimits, SocketOptions {
  /** Framing on stream transports; by default the one the handlers declare, else raw bytes. */
  codec?: CodecName | Codec;
  /** Resolve this listener's handlers here (a child container with per-listener options). */
  container?: DependencyContainer;
  /**
   * One-line notices to peers (`ERROR <CODE> …` refusals and failures, the goodbye). Default: on
   * for line protocols; off for raw and length-prefixed (a refusal is just a close, its reason
   * in the log) and for WebSocket (close codes and reasons say it).
   */
  notices?: boolean;
  /** Options for this listener's handlers by name, each registered under its handler's options token. */
  handlerOptions?: HandlerOptions;
  /**
   * Which transport serves the URL: 'js' (the built-in ones), a name from `ReactorOptions.transports`
   * ('native'), or 'auto' (default: the last one passed for the scheme, else the built-in one).
   */
  transport?: string;
}

/** Options for `reactor.connect()`: a listener's, plus how the connect is bounded and retried. */
export interface ConnectOptions extends ListenOptions {
  /** Give up an attempt (TCP connect, TLS handshake, WebSocket upgrade) after this many ms: ETIMEDOUT (default 10 000). */
  connectTimeout?: number;
  /** Reconnect with backoff when the connection fails or closes; `true` for the defaults. */
  reconnect?: ReconnectOptions | boolean;
  /** Aborting it stops the connect in progress (REACTOR_CLOSED) and, with `reconnect`, the client. */
  signal?: AbortSignal;
}

/** How long a connect attempt may take when `connectTimeout` is not given. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The connect timeout; BAD_OPTION naming the URL unless it is an integer from 1 to MAX_TIMER_MS. */
export function connectTimeoutOf(url: string, options: ConnectOptions): number {
  const value = options.connectTimeout ?? CONNECT_TIMEOUT_MS;
  if (Number.isSafeInteger(value) && value >= 1 && value <= MAX_TIMER_MS) return value;
  throw new SwitchboardError(
    'BAD_OPTION',
    `connectTimeout must be an integer from 1 to ${MAX_TIMER_MS} ms, got ${String(value)} (for "${url}")`,
  );
}

export const LIMIT_DEFAULTS = {
  maxConnections: 10_000,
  idleTimeout: 0,
  maxBufferedBytes: 8 * 1024 * 1024,
  slowConsumer: 'disconnect',
  // Off: behind a proxy, and in local load tests, every client shares one address (docs/security.md).
  maxConnectionsPerIp: 0,
  acceptRatePerIp: 0,
} as const;

export const DEFAULT_GOODBYE = 'Server is shutting down. Goodbye!';

/** Fails at once, naming the option and its range, when a limit is not a sane number (see LIMIT_MAXIMUMS). */
export function checkLimits(limits: ConnectionLimits): void {
  const keys = ['maxConnections', 'idleTimeout', 'maxBufferedBytes', 'maxLineLength', 'maxFrameLength'] as const;
  for (const key of [...keys, 'maxConnectionsPerIp', 'acceptRatePerIp', 'acceptBurstPerIp'] as const) {
    checkLimitRange(key, limits[key]);
  }
  const policy = limits.slowConsumer;
  if (policy !== undefined && !SLOW_CONSUMER_POLICIES.includes(policy)) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `slowConsumer must be one of ${SLOW_CONSUMER_POLICIES.join(', ')}, got ${String(policy)}`,
    );
  }
}
