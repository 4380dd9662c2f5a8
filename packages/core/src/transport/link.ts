import type { UpgradeRequest } from '../channel/connection.js';
import type { PeerAddress } from '../channel/peer-address.js';
import type { SwitchboardError } from '../errors.js';

/** Why a link is being closed, for the peer's benefit. */
export interface CloseReason {
  /** A last line (already framed by the channel's codec) for stream peers. */
  readonly notice?: string | Uint8Array;
  readonly error?: SwitchboardError;
  /** The server is going away (WebSocket 1001). */
  readonly shutdown?: boolean;
  /** Words for a WebSocket close frame on shutdown (the reactor's goodbye); errors give their own. */
  readonly reason?: string;
  /**
   * How long a peer that does not finish its side may hold the link before it is cut off
   * (default 2000 ms). 0: never; the caller destroys it (graceful shutdown, after its grace).
   */
  readonly lingerMs?: number;
}

/** What a link reports to its channel. The Channel implements it; the transport calls it. */
export interface LinkSink {
  /** Bytes from a stream, or one whole message (a string for text) from a message transport. */
  onData(data: Buffer | string): void;
  /** Writes buffered earlier have gone out; the peer is keeping up again. */
  onDrain(): void;
  /** The peer finished sending (half-close); writing may go on. */
  onEnd(): void;
  /** Nothing arrived or left within the idle timeout. */
  onIdle(): void;
  onError(err: Error): void;
  /** The link is gone; no more events follow. */
  onClose(): void;
}

/**
 * One connection as a transport sees it: the seam between the Reactor and node:net, ws, or a
 * native batched transport. Stream-specific types stay behind it.
 */
export interface Link {
  /** 'stream' links need a codec to frame bytes; 'message' links (WebSocket) deliver whole messages. */
  readonly kind: 'stream' | 'message';
  readonly remote: PeerAddress;
  readonly local: PeerAddress;
  /** The HTTP request that opened the link (WebSocket); absent on plain streams. */
  readonly request?: UpgradeRequest;
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** Bytes queued for the peer and not yet handed to the kernel. */
  readonly bufferedBytes: number;
  /** True from a `write` that returned false until the matching `onDrain`. */
  readonly waitingForDrain: boolean;
  /** Starts delivering events to the sink; called once. */
  attach(sink: LinkSink): void;
  /** Queues data; false when the peer is not keeping up (wait for onDrain). */
  write(data: string | Uint8Array): boolean;
  /**
   * Optional: hold writes until `uncork()`, so that many small writes in one turn leave in one
   * system call (the Hub corks the receivers of a burst of broadcasts). Without it, writes go at once.
   */
  cork?(): void;
  uncork?(): void;
  /**
   * Optional: where this link's transport sends one buffer to many of its links in one call (a
   * broadcast). Every link of one transport loop returns the same source; undefined where the link
   * cannot take part (a TLS or unix socket, no addon).
   */
  readonly fanOut?: FanOutSource;
  /** Messages fan-outs of `fanOut` have sent this link (counted in its channel's messagesWritten). */
  readonly fannedOut?: number;
  /** Flushes what is queued, then closes the sending side (half-close). */
  end(): void;
  /**
   * Flushes, then closes both ways; a peer that does not finish within a moment is cut off.
   * `notice` goes out last (stream links); `error` or `shutdown` pick the WebSocket close code.
   */
  close(reason?: CloseReason): void;
  /**
   * Closes now, dropping anything queued. `error`, already reported by the channel, is what the
   * queued writes fail with (Node reuses it instead of building one error per write).
   */
  destroy(error?: Error): void;
  pause(): void;
  resume(): void;
  /** Reports onIdle after `ms` without traffic; 0 turns it off. */
  setIdleTimeout(ms: number): void;
}

/** A transport's fan-outs (see `Link.fanOut`): the Hub keeps one per room and codec. */
export interface FanOutSource {
  create<T>(): FanOut<T>;
  /**
   * True when its fan-outs take a broadcast's text as text and encode it themselves (once for a
   * turn's run of broadcasts), so the Hub does not turn each message into bytes first.
   */
  readonly encodesText?: boolean;
}

/**
 * Links of one transport that receive the same bytes, sent by the transport in one call per turn
 * with no per-receiver JavaScript write. Each member is a `T` (the Hub's channels) on a link of
 * this source. A member whose link has bytes queued (a slow or corked peer) or is closing is
 * `behind`: `send` skips it, and the caller writes to it one by one, so its order and its
 * slow-consumer policy stay those of any write.
 */
export interface FanOut<T> {
  /** Members, behind or not. */
  readonly size: number;
  /**
   * Members `send` skips right now (a live set; it changes as their links catch up or fall behind).
   * A transport may bring it up to date when it is read: read it right before `send`.
   */
  readonly behind: ReadonlySet<T>;
  add(member: T, link: Link): void;
  remove(member: T): void;
  has(member: T): boolean;
  /**
   * Queues `data`, encoded by the members' codec already, for every member not behind but `except`;
   * for each of them it leaves after what was written to it before and before what is written to
   * it after. A string is a text message (message links only). Returns how many.
   */
  send(data: string | Uint8Array, except?: T): number;
}
