import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { UpgradeRequest } from '../channel/connection.js';
import type { PeerAddress } from '../channel/peer-address.js';
import { formatPeer } from '../channel/peer-address.js';
import { SwitchboardError } from '../errors.js';
import type { DirectFanOuts } from './direct-fan-out.js';
import { DirectSocketLink } from './direct-socket-link.js';
import { socketIdle } from './direct-send.js';
import type { CloseReason, Link, LinkSink } from './link.js';
import { closeCodeFor, closeTextFor } from './ws-close.js';

/** Above this many queued bytes `write` returns false, and onDrain follows once below it again. */
export const WS_HIGH_WATER_MARK = 64 * 1024;
const CLOSE_TIMEOUT_MS = 2000;
/**
 * Socket reads allowed for one message (or between two pings or pongs): this many, plus one per
 * this many bytes. ws holds one Buffer (~100–200 bytes) per read until a frame is whole, so a peer
 * dripping a frame a byte per packet would cost 100× its size; a message of real size arriving
 * in full-sized or even 1-kB reads stays far below the bound.
 */
export const WS_READS_PER_MESSAGE = 1024;
export const WS_BYTES_PER_READ = 256;

/** Where a socket keeps its link, for the shared read counter. */
const LINK = Symbol('switchboard.wsLink');
type LinkedSocket = Socket & { [LINK]: WsLink };
// Shared send options: no object per message on the hot path.
const TEXT = { binary: false } as const;
const BINARY = { binary: true } as const;

/**
 * One WebSocket as a Link: whole messages in (text as strings, binary as Buffers), text or
 * binary messages out, close codes picked from the CloseReason. Framing is the `ws` library's.
 */
export class WsLink extends DirectSocketLink implements Link {
  readonly kind = 'message';
  private sink?: LinkSink;
  private drainPending = false;
  private alive = true;
  private paused = false;
  private closing = false;
  private idleTimer?: NodeJS.Timeout;
  private closeTimer?: NodeJS.Timeout;
  /** Socket reads and bytes since the last whole message, ping or pong. */
  private reads = 0;
  private readBytes = 0;
  private readonly onSocketDrain = () => this.checkDrain();

  constructor(
    private readonly ws: WebSocket,
    socket: Socket,
    readonly remote: PeerAddress,
    readonly local: PeerAddress,
    private readonly maxPayload: number,
    /** The upgrade request on the server side; none on a link we connected. */
    readonly request?: UpgradeRequest,
    /** Where its broadcasts may be framed once and sent straight to its descriptor (ws://, with the addon). */
    directFanOuts?: DirectFanOuts,
  ) {
    super(socket, directFanOuts);
    // Listen from the start: a refused link is closed without ever being attached.
    ws.on('message', (data: RawData, isBinary: boolean) => this.received(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
      this.reads = 0;
      this.readBytes = 0;
    });
    ws.on('ping', () => {
      this.reads = 0;
      this.readBytes = 0;
    });
    // After ws's own listener: a read that completes a message has reset the count already.
    (socket as LinkedSocket)[LINK] = this;
    socket.on('data', WsLink.countRead);
    ws.on('error', (err: Error & { code?: string }) => this.sink?.onError(this.describe(err)));
    ws.on('close', () => this.closed());
  }

  /** ws (without compression) writes its frames straight to the socket: when that holds nothing, neither does ws. */
  directFd(): number {
    if (this.closing || this.ws.readyState !== this.ws.OPEN || this.ws.bufferedAmount !== 0) return -1;
    return socketIdle(this.socket) ? this.direct!.fd : -1;
  }

  sentDirect(): void {
    this.touch();
  }

  /** The rest of frames made by the fan-out, after which `ws` frames the next messages on the same socket. */
  writeRest(data: Uint8Array, offset: number): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.socket.write(offset === 0 ? data : data.subarray(offset));
    this.checkMark();
  }

  get waitingForDrain(): boolean {
    return this.drainPending;
  }

  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  attach(sink: LinkSink): void {
    this.sink = sink;
  }

  write(data: string | Uint8Array): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    this.direct?.beforeWrite();
    this.touch();
    // No per-message completion callback: only a write that crosses the mark waits for the socket's drain.
    this.ws.send(data, typeof data === 'string' ? TEXT : BINARY);
    return this.checkMark();
  }

  /** True under the high-water mark; past it, onDrain follows once the socket drains below it. */
  private checkMark(): boolean {
    if (this.ws.bufferedAmount <= WS_HIGH_WATER_MARK) return true;
    if (!this.drainPending) {
      this.drainPending = true;
      this.socket.once('drain', this.onSocketDrain);
    }
    return false;
  }

  /** WebSocket has no half-close: ending is closing normally. */
  end(): void {
    this.close();
  }

  close(reason?: CloseReason): void {
    if (this.closing || this.ws.readyState >= this.ws.CLOSING) return;
    this.direct?.beforeWrite();
    this.closing = true;
    if (reason?.notice !== undefined) this.ws.send(reason.notice, typeof reason.notice === 'string' ? TEXT : BINARY);
    this.ws.close(closeCodeFor(reason), closeTextFor(reason));
    // A peer that never answers the close frame must not hold the socket open.
    const lingerMs = reason?.lingerMs ?? CLOSE_TIMEOUT_MS;
    if (lingerMs === 0) return;
    this.closeTimer = setTimeout(() => this.ws.terminate(), lingerMs);
    this.closeTimer.unref();
  }

  /** With an error, Node hands that one object to every queued write instead of building one per write. */
  destroy(error?: Error): void {
    if (error !== undefined && this.ws.readyState === this.ws.OPEN) this.socket.destroy(error);
    else this.ws.terminate();
  }

  pause(): void {
    this.paused = true;
    this.ws.pause();
  }

  resume(): void {
    this.paused = false;
    this.ws.resume();
  }

  setIdleTimeout(ms: number): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (ms > 0) {
      // Re-armed after each report, as on TCP: a connection kept open hears of every quiet spell.
      this.idleTimer = setTimeout(() => {
        this.sink?.onIdle();
        this.idleTimer?.refresh();
      }, ms);
      this.idleTimer.unref();
    }
  }

  /**
   * One heartbeat tick: pings the peer, or cuts it off when it missed the previous pong.
   * A paused link is not reading, so its pongs cannot arrive; it is left alone.
   */
  heartbeat(): void {
    if (this.paused || this.ws.readyState !== this.ws.OPEN) return;
    if (!this.alive) {
      const peer = formatPeer(this.remote);
      this.sink?.onError(new SwitchboardError('ETIMEDOUT', `Peer ${peer} did not answer a WebSocket ping`));
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.direct?.beforeWrite();
    this.ws.ping();
  }

  private static countRead(this: LinkedSocket, chunk: Buffer): void {
    const link = this[LINK];
    link.reads++;
    link.readBytes += chunk.length;
    if (link.reads > WS_READS_PER_MESSAGE + link.readBytes / WS_BYTES_PER_READ) link.tooManyReads();
  }

  /** Stops reading a peer that drips a message, and closes it with 1008. */
  private tooManyReads(): void {
    if (this.closing) return;
    const err = new SwitchboardError(
      'PROTOCOL_ERROR',
      `Message from ${formatPeer(this.remote)} arrived in over ${this.reads} reads for ${this.readBytes} bytes, ` +
        `more than the limit of ${WS_READS_PER_MESSAGE} + 1 per ${WS_BYTES_PER_READ} bytes`,
    );
    this.socket.pause();
    this.sink?.onError(err);
    this.close({ error: err });
  }

  private received(data: RawData, isBinary: boolean): void {
    this.reads = 0;
    this.readBytes = 0;
    this.touch();
    // binaryType is 'nodebuffer', so a message is one Buffer even when it came in fragments.
    const buf = data as Buffer;
    this.sink?.onData(isBinary ? buf : buf.toString('utf8'));
  }

  private touch(): void {
    // refresh() restarts the idle timer without allocating a new one.
    this.idleTimer?.refresh();
  }

  private checkDrain(): void {
    if (!this.drainPending) return;
    // Still above the mark (ws may hold bytes of its own): wait for the next drain.
    if (this.ws.bufferedAmount > WS_HIGH_WATER_MARK) {
      this.socket.once('drain', this.onSocketDrain);
      return;
    }
    this.drainPending = false;
    this.sink?.onDrain();
  }

  private closed(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.closeTimer);
    this.sink?.onClose();
  }

  private describe(err: Error & { code?: string }): SwitchboardError {
    const peer = formatPeer(this.remote);
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      return new SwitchboardError(
        'PAYLOAD_TOO_LARGE',
        `Message from ${peer} is larger than maxPayload (${this.maxPayload} bytes)`,
        { cause: err },
      );
    }
    // Other ws errors are protocol violations (bad UTF-8, bad opcode, unmasked frame…); ws closes with 1002/1007.
    return new SwitchboardError(
      'PROTOCOL_ERROR',
      `WebSocket protocol error from ${peer}: ${err.message} (${err.code})`,
      {
        cause: err,
      },
    );
  }
}
