import type { DependencyContainer } from 'tsyringe';
import { SLOW_CONSUMER_POLICIES, type SlowConsumerPolicy } from '../channel/slow-consumer.js';
import type { Codec, CodecOptions } from '../codec/codec.js';
import type { CodecName } from '../codec/create-codec.js';
import type { Logger } from '../logging/logger.js';
import type { SocketOptions, Transport } from '../transport/transport.js';
import { SwitchboardError } from '../errors.js';
import { checkLimitRange } from '../limit-ranges.js';
import type { HandlerOptions } from './handler-options.js';

/** Limits that apply per listener; a reactor's values are the defaults for its listeners. */
export interface ConnectionLimits extends CodecOptions {
  /** Open connections per listener; the next client gets one ERROR line and is closed (default 10 000). */
  maxConnections?: number;
  /** Close a connection after this many ms without traffic, unless a handler has `onIdle` (default 0: never). */
  idleTimeout?: number;
  /** Bytes queued for one peer that is not reading before `slowConsumer` applies (default 8 MiB). */
  maxBufferedBytes?: number;
  /** Open connections per listener from one address; the next gets MAX_CONNECTIONS_PER_IP (default 0: no limit). */
  maxConnectionsPerIp?: number;
  /**
   * A peer over `maxBufferedBytes`: 'disconnect' closes it with SLOW_CONSUMER (default); 'drop' keeps
   * it and skips messages to it (broadcasts and `ctx.write`, which returns false) until it reads.
   */
  slowConsumer?: SlowConsumerPolicy;
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
  /** The line every client gets on graceful shutdown ('' for none). */
  goodbye?: string;
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
}

export const LIMIT_DEFAULTS = {
  maxConnections: 10_000,
  idleTimeout: 0,
  maxBufferedBytes: 8 * 1024 * 1024,
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
}
  slowConsumer: 'disconnect',
  const policy = limits.slowConsumer;
  if (policy !== undefined && !SLOW_CONSUMER_POLICIES.includes(policy)) {
    throw new SwitchboardError(
      'BAD_OPTION',
      `slowConsumer must be one of ${SLOW_CONSUMER_POLICIES.join(', ')}, got ${String(policy)}`,
    );
  }
