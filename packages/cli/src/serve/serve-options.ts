import type { CodecName, LogLevel, SlowConsumerPolicy } from '@switchboard/core';

/** How log lines are written: plain text lines, or one JSON object per line (pino). */
export type LogFormat = 'plain' | 'json';

/** The values `--log-format` accepts. */
export const LOG_FORMATS: readonly LogFormat[] = ['plain', 'json'];

/** Which transport serves a listener: `auto` (native for tcp:// where the addon loaded), `js` or `native`. */
export type TransportChoice = 'auto' | 'js' | 'native';

/** The values `--transport` accepts. */
export const TRANSPORT_CHOICES: readonly TransportChoice[] = ['auto', 'js', 'native'];

/** The values `--log-level` accepts, most verbose first. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Per-listener settings, from flags, the config file's top level, or a listener's `options`, under
 * core's names (see ListenOptions). `cert`, `key` and `ca` are PEM file paths; `greeting` and `room`
 * go to the greeting and broadcast handlers.
 */
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
  /** Framing on stream transports (default: the one the handlers declare). */
  codec?: CodecName;
  /** Longest line in bytes (line framing). */
  maxLineLength?: number;
  /** Largest length-prefixed frame in bytes. */
  maxFrameLength?: number;
  /** What the line codec appends to each written line. */
  lineEnding?: '\n' | '\r\n';
  /** One-line notices (ERROR refusals, the goodbye) to peers; default on for line protocols only. */
  notices?: boolean;
  /** Largest WebSocket message in bytes. */
  maxPayload?: number;
  /** WebSocket ping interval in ms (0: off). */
  heartbeatMs?: number;
  /** Largest UDP datagram payload in bytes. */
  maxDatagramSize?: number;
  /** Bytes queued for a peer that does not read before `slowConsumer` applies. */
  maxBufferedBytes?: number;
  /** A peer over `maxBufferedBytes`: closed with SLOW_CONSUMER ('disconnect') or skipped until it reads ('drop'). */
  slowConsumer?: SlowConsumerPolicy;
  /** The Hub room the broadcast handler joins and talks in (default `lobby`). */
  room?: string;
  /** Banner for the greeting handler. */
  greeting?: string;
  /** Origins allowed to open a WebSocket (ws/wss listeners). */
  allowedOrigins?: string[];
  /** Disable Nagle's algorithm (default on). */
  noDelay?: boolean;
  /** TCP keep-alive probe delay in ms (0: off, the default). */
  keepAlive?: number;
  /** The listen backlog (default 511). */
  backlog?: number;
  /** The transport of a tcp:// listener (default `auto`); every other scheme is served by node's own. */
  transport?: TransportChoice;
  /** PEM certificate file, for tls:// and wss://. */
  cert?: string;
  /** PEM key file, for tls:// and wss://. */
  key?: string;
  /** PEM CA file: a tls:// or wss:// listener then requires client certificates it signed (mTLS). */
  ca?: string;
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
  /** The least severe lines logged. */
  readonly logLevel: LogLevel;
  /** Modules that register a team's handlers (paths or package names). */
  readonly plugins: readonly string[];
  /** Redis URL for a backplane shared by processes. */
  readonly redis?: string;
  /** The Redis pub/sub channel; apps sharing a Redis need different ones (default `switchboard`). */
  readonly redisChannel?: string;
  /** `http://host:port/path` for Prometheus metrics, `/healthz` and `/readyz` (see docs/operations.md). */
  readonly metrics?: string;
  /** Deprecated spellings found in the config file, each `path: what to write instead`; logged at start. */
  readonly warnings?: readonly string[];
}

/** What `serve` uses when neither a flag nor the config file says. */
export const SERVE_DEFAULTS = { graceMs: 3000, workers: 1, logFormat: 'plain', logLevel: 'info' } as const;
