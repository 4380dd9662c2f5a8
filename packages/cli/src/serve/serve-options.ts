import type { SlowConsumerPolicy } from '@switchboard/core';

/** How log lines are written: plain text lines, or one JSON object per line (pino). */
export type LogFormat = 'plain' | 'json';

/** The values `--log-format` accepts. */
export const LOG_FORMATS: readonly LogFormat[] = ['plain', 'json'];

/** Per-listener settings, from flags, the config file's top level, or a listener's `options`. */
export interface ListenerSettings {
  maxConnections?: number;
  /** Open connections per listener from one address (0: no limit). */
  maxConnectionsPerIp?: number;
  /** New connections per second from one address (0: no limit). */
  acceptRatePerIp?: number;
  acceptBurstPerIp?: number;
  /** Time for a TLS handshake or WebSocket upgrade, in ms. */
  handshakeTimeout?: number;
  idleTimeout?: number;
  /** Longest line in bytes (line-framed handlers). */
  maxLine?: number;
  /** Largest WebSocket message in bytes. */
  maxPayload?: number;
  /** Bytes queued for a peer that does not read before `slowConsumer` applies (core's maxBufferedBytes). */
  maxBuffered?: number;
  /** A peer over `maxBuffered`: closed with SLOW_CONSUMER ('disconnect') or skipped until it reads ('drop'). */
  slowConsumer?: SlowConsumerPolicy;
  /** The Hub room the broadcast handler joins and talks in (default `lobby`). */
  room?: string;
  /** Banner for the greeting handler. */
  greeting?: string;
  /** Origins allowed to open a WebSocket (ws/wss listeners). */
  allowedOrigins?: string[];
  /** PEM CA file: a tls:// or wss:// listener then requires client certificates it signed (mTLS). */
  ca?: string;
  /** Disable Nagle's algorithm (default on). */
  noDelay?: boolean;
  /** TCP keep-alive probe delay in ms (0: off, the default). */
  keepAlive?: number;
  /** The listen backlog (default 511). */
  backlog?: number;
  /** PEM certificate file, for tls:// and wss://. */
  cert?: string;
  /** PEM key file, for tls:// and wss://. */
  key?: string;
}

/** One listener to create: where, which handler chain, which settings. */
export interface ListenerPlan {
  readonly url: string;
  readonly handlers: readonly string[];
  readonly settings: ListenerSettings;
}

/** Everything `switchboard serve` needs, after flags and the config file are merged and checked. */
export interface ServeOptions {
  readonly listeners: readonly ListenerPlan[];
  /** How long shutdown waits for clients to finish, in ms. */
  readonly graceMs: number;
  /** Worker processes; 1 serves in this process. */
  readonly workers: number;
  readonly logFormat: LogFormat;
  /** Modules that register a team's handlers (paths or package names). */
  readonly plugins: readonly string[];
  /** Redis URL for a backplane shared by processes. */
  readonly redis?: string;
  /** The Redis pub/sub channel; apps sharing a Redis need different ones (default `switchboard`). */
  readonly redisChannel?: string;
}

/** What `serve` uses when neither a flag nor the config file says. */
export const SERVE_DEFAULTS = { graceMs: 3000, workers: 1, logFormat: 'plain' } as const;
