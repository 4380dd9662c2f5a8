import type { Connection } from '../channel/connection.js';
import type { HistogramSnapshot } from '../channel/duration-histogram.js';
import type { SwitchboardError } from '../errors.js';
import type { ReconnectingInfo } from './reconnecting-client.js';

/** A refused connection: which listener, which peer, why. */
export interface RefusedConnection {
  readonly url: string;
  readonly peer: string;
  readonly error: SwitchboardError;
}

/** The Reactor's lifecycle events, for logs, metrics and tests. None is emitted per message. */
export interface ReactorEvents {
  listening: (info: { url: string; port: number }) => void;
  connection: (connection: Connection) => void;
  close: (connection: Connection) => void;
  refused: (info: RefusedConnection) => void;
  /** A connection's error (the connection is given), or a listener's (none). Never fatal to the reactor. */
  error: (err: SwitchboardError, connection?: Connection) => void;
  /** An outbound client with `reconnect` lost its connection or failed an attempt, and retries after `delayMs`. */
  reconnecting: (info: ReconnectingInfo) => void;
  /** A reconnecting client is connected again (`connection` is emitted too). */
  reconnected: (connection: Connection, info: { url: string; attempts: number }) => void;
  /** A reconnecting client failed `maxAttempts` attempts in a row (or met an error no retry fixes) and stopped. */
  gaveUp: (info: { url: string; attempts: number; error: SwitchboardError }) => void;
  /** `close()` finished: every listener and channel is gone. */
  shutdown: () => void;
}

/** Counters from `reactor.stats()`. */
export interface ReactorStats {
  /** Connections open now. */
  connections: number;
  /** Connections accepted or made since start. */
  accepted: number;
  /** Connections refused (maxConnections, per-address limits, shutting down…). */
  refused: number;
  bytesIn: number;
  bytesOut: number;
  /** Messages handed to handler chains (lines, frames, WebSocket messages, datagrams; raw reads). */
  messagesIn: number;
  /** Messages queued for peers: handlers' writes, broadcasts, notices. */
  messagesOut: number;
  /** Times a write found its peer not keeping up (one per stall, until the peer drained). */
  backpressureStalls: number;
  /** Messages skipped for peers over `maxBufferedBytes` on listeners with `slowConsumer: 'drop'`. */
  slowConsumerDrops: number;
  /** Peers closed with SLOW_CONSUMER (`slowConsumer: 'disconnect'`, the default). */
  slowConsumerDisconnects: number;
  /** Per listener, since start (closed connections included). */
  listeners: ListenerStats[];
}

/** One listener's share of `reactor.stats()`. */
export interface ListenerStats {
  url: string;
  /** Open now. */
  connections: number;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  backpressureStalls: number;
  /** Time the handler chain took per sampled message (1 in 8); only with `ReactorOptions.measureHandlerTime`. */
  handlerSeconds?: HistogramSnapshot;
}
