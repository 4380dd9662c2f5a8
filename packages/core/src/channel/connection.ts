import type { PeerAddress } from './peer-address.js';

/** The HTTP request that opened a WebSocket: what a handler may read of it. */
export interface UpgradeRequest {
  /** The request path without the query: `/chat`. */
  readonly path: string;
  /** The query string's parameters (`?room=lobby`). */
  readonly query: URLSearchParams;
  /** The request headers, names in lower case, as node:http reports them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The `Cookie` header's cookies by name, values URI-decoded (the first of a repeated name wins). */
  readonly cookies: ReadonlyMap<string, string>;
  /** The TCP peer that sent the request (`X-Forwarded-For` is not trusted). */
  readonly remote: PeerAddress;
  /** What the listener's authorizer attached when it accepted the request (undefined without one). */
  readonly identity: unknown;
}

/**
 * What a handler sees of its connection (`ctx.connection`), on every transport. It ends in one
 * of two ways a handler picks: `end()` (half-close: the peer may still send) or `close()` (both
 * ways); either flushes what was written first. Errors end it too: a handler that throws fails
 * its connection with HANDLER_FAILED.
 */
export interface Connection {
  /** Unique within its reactor. */
  readonly id: number;
  /** The peer's address, as getpeername reports it. */
  readonly remote: PeerAddress;
  /** This end's address (read it while the connection is open). */
  readonly local: PeerAddress;
  /** `127.0.0.1:36259`, `[::1]:36259`, or a unix socket's name: how logs and broadcasts name the peer. */
  readonly peer: string;
  /** The listen URL (or connect URL) this connection belongs to, with the real port. */
  readonly url: string;
  /** The WebSocket upgrade request; undefined on transports that have none (tcp, tls, unix). */
  readonly request: UpgradeRequest | undefined;
  /** Per-connection state shared by the handlers of this connection. */
  readonly attributes: Map<string | symbol, unknown>;
  /** One attribute, read without creating the map for a connection that never set any. */
  attribute(key: string | symbol): unknown;
  /** True until the connection is ending or closing. After the peer's half-close it is still writable. */
  readonly isOpen: boolean;
  /** True once the peer has finished sending (half-close). */
  readonly isPeerEnded: boolean;
  /**
   * Encodes and queues a message in the listener's framing. False when the peer is not keeping
   * up: stop writing (or `pause()` reading) until `drained()` resolves or `onWritable` comes.
   */
  write(msg: string | Uint8Array): boolean;
  /** Resolves once the peer is keeping up again after a `write` returned false (at once if none did), or on close. */
  drained(): Promise<void>;
  /** Bytes written but not yet taken by the kernel: what a slow peer has not read. */
  readonly bufferedBytes: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** Half-close: flush what was written, then stop sending; the peer may still send until it closes. */
  end(): void;
  /** Flush what was written, then close both ways. */
  close(): void;
  /** Stop reading from the peer (backpressure towards it). */
  pause(): void;
  resume(): void;
}
