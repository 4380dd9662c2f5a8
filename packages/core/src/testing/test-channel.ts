import { Channel, type ChannelOwner } from '../channel/channel.js';
import type { Connection } from '../channel/connection.js';
import type { Codec } from '../codec/codec.js';
import { parseEndpoint } from '../endpoint/endpoint.js';
import type { SwitchboardError } from '../errors.js';
import { buildChannelConfig } from '../reactor/channel-config.js';
import { HandlerChain, type HandlerSpec } from '../reactor/handler-chain.js';
import { checkLimits, DEFAULT_GOODBYE } from '../reactor/reactor-options.js';
import type { CloseReason } from '../transport/link.js';
import { KeptUpgradeRequest } from '../transport/upgrade-request.js';
import { HandlerPromises } from './handler-promises.js';
import { OutboundReader, peerCodec } from './outbound-reader.js';
import { localAddress, requestTarget, scopeFor, type TestChannelOptions } from './test-channel-options.js';
import { TestLink } from './test-link.js';

let channels = 0;

/**
 * One server-side connection with no socket under it, in the spirit of Netty's EmbeddedChannel:
 * the listener's handlers, codec and limits as the reactor would set them up, and the test as
 * the peer. Push bytes or messages in, read what was written, and play backpressure, idle,
 * half-close, reset and shutdown. Synchronous, with no timers; `settled()` waits for handler promises.
 */
export class TestChannel {
  private readonly reader: OutboundReader;
  private readonly promises = new HandlerPromises();
  private readIndex = 0;

  private constructor(
    /** The internal Channel, as the reactor and the Hub hold it (handlers see it as `connection`). */
    readonly channel: Channel,
    /** The link under it, for state a test may want to see (`idleTimeoutMs`, `closeReason`). */
    readonly link: TestLink,
    peer: Codec | undefined,
    /** Errors the channel reported (what the reactor would log), in order; assert their `code`. */
    readonly errors: readonly SwitchboardError[],
  ) {
    this.reader = new OutboundReader(peer, link.chunks);
  }

  /** Builds the chain as `listen(url, handlers, options)` would and opens it (onOpen has settled). */
  static async create(handlers: readonly HandlerSpec[], setup: TestChannelOptions = {}): Promise<TestChannel> {
    const options = setup.options ?? {};
    checkLimits(options);
    const url = setup.url ?? 'tcp://127.0.0.1:7000';
    const endpoint = parseEndpoint(url);
    const chain = new HandlerChain(handlers, scopeFor(setup), options.handlerOptions);
    const config = buildChannelConfig(endpoint, chain, {}, options);
    const id = ++channels;
    const remote = setup.remote ?? { address: '127.0.0.1', port: 40000 + (id % 20000), family: 'IPv4' };
    const ws = endpoint.scheme === 'ws' || endpoint.scheme === 'wss';
    const kind = ws ? 'message' : 'stream';
    const request = ws ? new KeptUpgradeRequest(requestTarget(url), setup.headers ?? {}, remote) : undefined;
    const link = new TestLink(kind, remote, localAddress(endpoint), request);
    const errors: SwitchboardError[] = [];
    const owner: ChannelOwner = { channelError: (_channel, err) => errors.push(err), channelClosed: () => {} };
    // On a message link every write is one message already; a stream's peer must decode the bytes.
    const peer = kind === 'message' ? undefined : peerCodec(config.codec, options.codec ?? chain.framing() ?? 'raw');
    const test = new TestChannel(new Channel(id, link, config, owner), link, peer, errors);
    const instances = chain.create(test.channel).map((handler) => test.promises.watch(handler));
    link.run(() => test.channel.open(instances, chain.names));
    await test.settled();
    return test;
  }

  /** The connection as handlers see it (`ctx.connection`). */
  get connection(): Connection {
    return this.channel;
  }

  /** The codec the listener would use (declared framing, the `codec` option, or WebSocket messages). */
  get codec(): Codec {
    return this.channel.config.codec;
  }

  // The peer sends.

  /**
   * Bytes from the peer, as one read, through the decoder: framing and its limits apply. A string
   * is sent as UTF-8. On a `ws://` channel: one binary message.
   */
  receiveBytes(data: Uint8Array | string): this {
    const bytes = Buffer.from(data);
    this.link.receive(() => this.channel.onData(bytes), bytes.length);
    return this;
  }

  /**
   * Messages as the decoder would deliver them (a line without its newline), each in turn. On a
   * `ws://` channel a string is one text message and bytes one binary message, as the transport
   * delivers them.
   */
  receive(...messages: unknown[]): this {
    for (const msg of messages) {
      if (this.link.kind === 'message' && (typeof msg === 'string' || msg instanceof Uint8Array)) {
        const data = typeof msg === 'string' ? msg : Buffer.from(msg);
        this.link.receive(() => this.channel.onData(data), Buffer.byteLength(data));
      } else {
        this.link.receive(() => this.channel.message(msg), 0);
      }
    }
    return this;
  }

  /** The peer half-closes: handlers get onEnd (or, with none, the channel ends its side). */
  peerEnd(): this {
    this.link.peerEnd();
    return this;
  }

  /** The connection is reset under the channel: ECONNRESET is reported, then onClose. */
  reset(): this {
    const err = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
    this.link.reset(err);
    return this;
  }

  // The peer's pace and the reactor's timers and shutdown.

  /** false: the peer stops reading, so writes return false. true: it catches up, and onWritable follows. */
  setWritable(writable: boolean): this {
    this.link.setWritable(writable);
    return this;
  }

  /** The idle timer fires: onIdle, or with none in the chain the IDLE_TIMEOUT failure. Needs `idleTimeout`. */
  idle(): this {
    if (this.link.idleTimeoutMs <= 0) {
      throw new Error('idle() needs the idleTimeout option: without one the reactor never reports idle');
    }
    this.link.idle();
    return this;
  }

  /** Graceful shutdown, as `reactor.close()` does it: onShutdown, then `goodbye` per the codec's notice, then close. */
  shutdown(goodbye = DEFAULT_GOODBYE): this {
    this.link.run(() => this.channel.shutdown(goodbye));
    return this;
  }

  // What the channel did.

  /** Every whole message written so far, decoded with the channel's codec; notices included. */
  written(): unknown[] {
    return [...this.reader.read()];
  }

  /** The next written message not yet read, or undefined when there is none (Netty's readOutbound). */
  readOutbound(): unknown {
    const messages = this.reader.read();
    return this.readIndex < messages.length ? messages[this.readIndex++] : undefined;
  }

  /** Every byte written, as the peer would read them (a WebSocket text message as its UTF-8). */
  writtenBytes(): Buffer {
    return Buffer.concat(this.link.chunks.map((chunk) => Buffer.from(chunk)));
  }

  /** Resolves once no handler promise is pending and what they set off has run. */
  settled(timeoutMs = 2000): Promise<void> {
    return this.promises.settled(timeoutMs);
  }

  /** True until the channel starts closing (a half-close by either side leaves it open). */
  get isOpen(): boolean {
    return this.channel.isOpen;
  }

  /** The link is gone and onClose has run. */
  get closed(): boolean {
    return this.link.isClosed;
  }

  /** The channel half-closed its side (end, or the close that follows a failure or shutdown). */
  get ended(): boolean {
    return this.link.isEnded;
  }

  /** The channel stopped reading (what echo does when the peer does not keep up). */
  get isPaused(): boolean {
    return this.link.isPaused;
  }

  /** Why the channel closed the link (its last notice, error, shutdown), if it closed it. */
  get closeReason(): CloseReason | undefined {
    return this.link.closeReason;
  }

  /** Per-connection state, as the handlers see it. */
  get attributes(): Map<string | symbol, unknown> {
    return this.channel.attributes;
  }
}
