import type { Codec, Decoder, DecoderSink } from '../codec/codec.js';
import { SwitchboardError, fromSystemError } from '../errors.js';
import type { Handler } from '../handler/handler.js';
import { Pipeline } from '../handler/pipeline.js';
import type { FanOut, FanOutSource, Link, LinkSink } from '../transport/link.js';
import type { Connection, UpgradeRequest } from './connection.js';
import type { DurationHistogram } from './duration-histogram.js';
import { noticeFor, peerErrorText } from './notice.js';
import { formatPeer, type PeerAddress } from './peer-address.js';
import { skipped, type SlowConsumerCounts, type SlowConsumerPolicy } from './slow-consumer.js';

/** Settings a listener shares with all of its channels (one object, not a copy per connection). */
export interface ChannelConfig {
  /** The listen URL; the reactor puts the real port in once a port-0 listener is bound. */
  url: string;
  readonly codec: Codec;
  /** Idle timeout in ms; 0 for none. */
  readonly idleTimeout: number;
  /** Bytes queued for one slow peer before `slowConsumer` applies. */
  readonly maxBufferedBytes: number;
  /** Past `maxBufferedBytes`: 'disconnect' (SLOW_CONSUMER; absent means this) or 'drop' (skip messages until it reads). */
  readonly slowConsumer?: SlowConsumerPolicy;
  /** Where the listener counts slow-consumer drops and disconnects, for `reactor.stats()`. */
  readonly slowConsumerCounts?: SlowConsumerCounts;
  /**
   * True for channels from `reactor.connect()`: we are the client there, so no ERROR notices or
   * goodbye lines go into the server's protocol.
   */
  readonly outbound?: boolean;
  /** The listener's `notices` option; absent: notices if the codec has them (see notice.ts). */
  readonly notices?: boolean;
  /** Where the handler chain's time per message goes (`ReactorOptions.measureHandlerTime`); absent: not timed. */
  readonly handlerTime?: DurationHistogram;
}

/** Who hears about a channel's errors and its end: the Reactor. */
export interface ChannelOwner {
  channelError(channel: Channel, err: SwitchboardError): void;
  channelClosed(channel: Channel): void;
}

/** Handler time is sampled: one message in 8 per channel (the 1st, 9th, 17th…). */
const TIMING_MASK = 7;

const OPEN = 0;
/** We half-closed: nothing more to write, the peer may still send. */
const ENDED = 1;
/** Closing or failed: nothing in or out, waiting for the link to go. */
const CLOSING = 2;
const CLOSED = 3;

/**
 * One connection: its addresses, its writes with backpressure, its state, its handler chain.
 * Handlers see it as a `Connection`; the rest (open, fail, shutdown, the LinkSink and DecoderSink
 * methods) is for the reactor, transports and the Hub (`@switchboard/core/transport`).
 */
export class Channel implements Connection, LinkSink, DecoderSink {
  private state = OPEN;
  private peerEnded = false;
  /** Absent for pass-through codecs (raw bytes, WebSocket messages): data goes straight to the chain. */
  private readonly decoder?: Decoder;
  private peerName?: string;
  private pipeline?: Pipeline;
  private attrs?: Map<string | symbol, unknown>;
  private drainWaiters?: (() => void)[];
  private closedHooks?: ((channel: Channel) => void)[];
  private reason?: string;
  // Plain integers bumped per message (the cheapest count there is), summed by reactor.stats().
  private received = 0;
  private sent = 0;
  private stalls = 0;
  private stalled = false;

  constructor(
    readonly id: number,
    private readonly link: Link,
    readonly config: ChannelConfig,
    private readonly owner: ChannelOwner,
  ) {
    if (!config.codec.passThrough) this.decoder = config.codec.createDecoder(this);
  }

  /** The peer's address, as getpeername reports it. */
  get remote(): PeerAddress {
    return this.link.remote;
  }

  /** This end's address (read on first use; read it while the connection is open). */
  get local(): PeerAddress {
    return this.link.local;
  }

  /** `127.0.0.1:36259`: how logs and broadcasts name this peer. */
  get peer(): string {
    return (this.peerName ??= formatPeer(this.link.remote));
  }

  /** The listen URL (or connect URL) this channel belongs to. */
  get url(): string {
    return this.config.url;
  }

  /** The WebSocket upgrade request; undefined on tcp, tls and unix links. */
  get request(): UpgradeRequest | undefined {
    return this.link.request;
  }

  /** Per-connection state shared by the handlers of this channel. */
  get attributes(): Map<string | symbol, unknown> {
    return (this.attrs ??= new Map());
  }

  /** One attribute, read without creating the map for a channel that never set any. */
  attribute(key: string | symbol): unknown {
    return this.attrs?.get(key);
  }

  /**
   * Internal (the Hub's): calls `hook` once the channel has closed, after the handlers' onClose.
   * A hook already added is not added twice; false, and no call, when the channel is closed already.
   */
  onClosed(hook: (channel: Channel) => void): boolean {
    if (this.state === CLOSED) return false;
    const hooks = (this.closedHooks ??= []);
    if (!hooks.includes(hook)) hooks.push(hook);
    return true;
  }

  /** True until the channel is closing; after a half-close by the peer it is still writable. */
  get isOpen(): boolean {
    return this.state === OPEN;
  }

  /** True when the peer has finished sending (half-close). */
  get isPeerEnded(): boolean {
    return this.peerEnded;
  }

  /** True for message transports (WebSocket), where a string goes out as a text message. */
  get carriesText(): boolean {
    return this.link.kind === 'message';
  }

  /** Bytes written but not yet taken by the kernel: what a slow peer has not read. */
  get bufferedBytes(): number {
    return this.link.bufferedBytes;
  }

  get bytesRead(): number {
    return this.link.bytesRead;
  }

  get bytesWritten(): number {
    return this.link.bytesWritten;
  }

  /** Messages handed to the handler chain (lines, frames, WebSocket messages, datagrams; raw reads). */
  get messagesRead(): number {
    return this.received;
  }

  /** Messages queued for the peer: handlers' writes, broadcasts, notices. */
  get messagesWritten(): number {
    return this.sent + (this.link.fannedOut ?? 0);
  }

  /** Internal (the Hub's): where the link's transport fans one write out to many links, if it does. */
  get fanOutSource(): FanOutSource | undefined {
    return this.link.fanOut;
  }

  /** Internal (the Hub's): makes this channel a member of `fanOut`, one of its `fanOutSource`'s. */
  joinFanOut(fanOut: FanOut<Channel>): void {
    fanOut.add(this, this.link);
  }

  /** Times a write found the peer not keeping up (returned false); one per stall, until it drained. */
  get backpressureStalls(): number {
    return this.stalls;
  }

  /**
   * Why it closed or is closing, for the disconnect log line: the first error's code
   * (`IDLE_TIMEOUT`, `ECONNRESET`), `SHUTDOWN`, `SERVER_CLOSED` (a handler closed it) or `PEER_CLOSED`.
   */
  get closeReason(): string {
    return this.reason ?? 'PEER_CLOSED';
  }

  /** Starts the handler chain and the flow of events. Called once by the Reactor. */
  open(handlers: readonly Handler[], names: readonly string[]): void {
    this.pipeline = new Pipeline(this, handlers, names);
    if (this.config.idleTimeout > 0) this.link.setIdleTimeout(this.config.idleTimeout);
    this.link.attach(this);
    this.pipeline.fire('onOpen');
  }

  /** Encodes and queues a message. False when the peer is not keeping up: wait for `drained()`. */
  write(msg: string | Uint8Array): boolean {
    // A handler's own writes follow the policy too, so it cannot queue without bound.
    if (this.state !== OPEN || this.skipsWhileSlow()) return false;
    const data = this.config.codec.encode(msg);
    this.sent++;
    return this.link.write(data) || this.afterRefusedWrite(data);
  }

  /**
   * Policy 'drop': true, and counted, while this peer is over its limit, so the message is skipped
   * (a handler's write here, a broadcast in the Hub); it catches up once it reads. Never under 'disconnect'.
   */
  skipsWhileSlow(): boolean {
    if (this.config.slowConsumer !== 'drop' || this.link.bufferedBytes <= this.config.maxBufferedBytes) return false;
    skipped(this.config.slowConsumerCounts);
    return true;
  }

  /** Writes a notice if this peer gets notices (line protocols, or `notices: true`); false when not written. */
  notice(text: string): boolean {
    const data = noticeFor(this.config, this.link.kind, text);
    return data !== undefined && this.writeEncoded(data);
  }

  /** Queues bytes already framed by `config.codec` (a Hub encodes a broadcast once for many channels). */
  writeEncoded(data: string | Uint8Array): boolean {
    if (this.state !== OPEN) return false;
    this.sent++;
    return this.link.write(data) || this.afterRefusedWrite(data);
  }

  /** Holds writes until `uncork()` where the transport can, so a burst leaves in one system call. */
  cork(): void {
    if (this.state === OPEN) this.link.cork?.();
  }

  /** Lets corked writes go (safe to call when nothing was corked). */
  uncork(): void {
    this.link.uncork?.();
  }

  /** Resolves once the peer is keeping up again after a `write` returned false (at once if none did), or on close. */
  drained(): Promise<void> {
    if (!this.link.waitingForDrain || this.state === CLOSED) return Promise.resolve();
    return new Promise((resolve) => (this.drainWaiters ??= []).push(resolve));
  }

  /** Half-close: flush, then stop sending; the peer may still send until it closes. */
  end(): void {
    if (this.state !== OPEN) return;
    this.state = ENDED;
    this.reason ??= 'SERVER_CLOSED';
    this.link.end();
  }

  /** Flush, then close both ways. */
  close(): void {
    if (this.state >= CLOSING) return;
    this.state = CLOSING;
    this.reason ??= 'SERVER_CLOSED';
    this.link.close();
  }

  /** Stop reading (backpressure towards the peer). */
  pause(): void {
    this.link.pause();
  }

  resume(): void {
    this.link.resume();
  }

  /** Fails this channel alone: report `err`, tell the peer `ERROR <code> <message>` if it gets notices, close. */
  fail(err: SwitchboardError): void {
    if (this.state >= CLOSING) {
      // Too late to tell the peer, but a handler failing in onClose (or rejecting late) must not go unnoticed.
      this.owner.channelError(this, err);
      return;
    }
    this.state = CLOSING;
    this.report(err);
    this.link.close({ notice: this.errorNotice(err), error: err });
  }

  /**
   * Graceful shutdown: handlers say goodbye, then the channel closes; `goodbye` is the last line
   * for a peer that gets notices, the close reason for a WebSocket peer.
   */
  shutdown(goodbye: string): void {
    if (this.state >= CLOSING) return;
    this.pipeline?.fire('onShutdown');
    if (this.state >= CLOSING) return;
    this.state = CLOSING;
    this.reason ??= 'SHUTDOWN';
    const notice = goodbye ? noticeFor(this.config, this.link.kind, goodbye) : undefined;
    // No linger timer: the reactor waits out its grace period, then destroys whoever is left.
    this.link.close({ notice, shutdown: true, reason: goodbye || undefined, lingerMs: 0 });
  }

  /** Closes at once, dropping anything queued. */
  destroy(): void {
    this.link.destroy();
  }

  // LinkSink and DecoderSink: called by the transport and the decoder, not by handlers.

  onData(data: Buffer | string): void {
    if (this.state >= CLOSING) return;
    // Streams deliver Buffers only: the string test costs them what the old one did.
    if (typeof data === 'string') this.textMessage(data);
    else if (this.decoder === undefined) this.deliver(data);
    else this.decoder.push(data);
  }

  message(msg: unknown): void {
    if (this.state < CLOSING) this.deliver(msg);
  }

  error(err: SwitchboardError): void {
    this.fail(err);
  }

  onDrain(): void {
    this.stalled = false;
    this.releaseDrainWaiters();
    if (this.state === OPEN) this.pipeline!.fire('onWritable');
  }

  onEnd(): void {
    this.peerEnded = true;
    this.reason ??= 'PEER_CLOSED';
    if (this.state >= CLOSING) return;
    this.decoder?.finish();
    // The last partial line may have failed the channel (LINE_TOO_LONG): then there is no end to handle.
    if (this.state >= CLOSING) return;
    // Nobody asked to hear about the half-close: answer what came, then end our side too.
    if (!this.pipeline!.fire('onEnd')) this.end();
  }

  onIdle(): void {
    if (this.state >= CLOSING) return;
    if (!this.pipeline!.fire('onIdle')) {
      this.fail(new SwitchboardError('IDLE_TIMEOUT', `No traffic from ${this.peer} for ${this.config.idleTimeout} ms`));
    }
  }

  onError(err: Error): void {
    const coded = err instanceof SwitchboardError ? err : fromSystemError(err, 'talk to', this.peer);
    this.report(coded);
  }

  onClose(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.releaseDrainWaiters();
    this.pipeline?.fire('onClose');
    if (this.closedHooks) for (const hook of this.closedHooks) hook(this);
    this.owner.channelClosed(this);
  }

  /**
   * A WebSocket text message, in the form the codec promises: as a string for text and for
   * codecs that take messages as they come; as its UTF-8 bytes for bytes and for decoders.
   */
  private textMessage(text: string): void {
    const messages = this.config.codec.messages;
    if (messages === 'text' || (messages === undefined && this.decoder === undefined)) {
      this.deliver(text);
      return;
    }
    const bytes = Buffer.from(text);
    if (this.decoder === undefined) this.deliver(bytes);
    else this.decoder.push(bytes);
  }

  /**
   * One message into the chain: counted, and where the listener measures handler time, timed if
   * it is this channel's 1st, 9th, 17th… message (a sample: the clock reads cost more than the
   * count, and one in 8 keeps the distribution).
   */
  private deliver(msg: unknown): void {
    const sampled = (++this.received & TIMING_MASK) === 1;
    const histogram = this.config.handlerTime;
    if (sampled && histogram !== undefined) timeMessage(this.pipeline!, msg, histogram);
    else this.pipeline!.fireMessage(msg);
  }

  /** Tells the reactor and every handler with `onError`. */
  private report(err: SwitchboardError): void {
    this.reason ??= err.code;
    this.owner.channelError(this, err);
    this.pipeline?.fireError(err);
  }

  /** `ERROR <CODE> <message>` for a peer that gets notices; never a handler's internals. */
  private errorNotice(err: SwitchboardError): string | Uint8Array | undefined {
    return noticeFor(this.config, this.link.kind, `ERROR ${peerErrorText(err)}`);
  }

  /**
   * The peer is behind. It is slow when what was queued before this write passes the limit:
   * judged after the write, one message larger than the limit would drop every receiver of it.
   */
  private afterRefusedWrite(data: string | Uint8Array): false {
    if (!this.stalled) {
      this.stalled = true;
      this.stalls++;
    }
    if (this.config.slowConsumer === 'drop') return false; // skipped before writing, never disconnected
    if (this.link.bufferedBytes - data.length > this.config.maxBufferedBytes) this.dropSlowConsumer();
    return false;
  }

  private dropSlowConsumer(): void {
    const err = new SwitchboardError(
      'SLOW_CONSUMER',
      `Peer ${this.peer} is not reading: ${this.link.bufferedBytes} bytes queued, limit ${this.config.maxBufferedBytes}`,
    );
    this.state = CLOSING;
    if (this.config.slowConsumerCounts) this.config.slowConsumerCounts.disconnects++;
    this.report(err);
    this.link.destroy(err);
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    if (!waiters) return;
    this.drainWaiters = undefined;
    for (const resolve of waiters) resolve();
  }
}

/**
 * Runs the chain for one message and records how long it took: until the handler returned, or
 * until its promise settled if it returned one. Only for listeners that measure handler time:
 * two clock reads per message.
 */
function timeMessage(pipeline: Pipeline, msg: unknown, histogram: DurationHistogram): void {
  const start = performance.now();
  const result = pipeline.fireMessage(msg);
  if (result === undefined || typeof (result as Promise<void>).then !== 'function') {
    histogram.observeMs(performance.now() - start);
    return;
  }
  const done = () => histogram.observeMs(performance.now() - start);
  (result as Promise<void>).then(done, done);
}
