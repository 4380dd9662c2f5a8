import { EventEmitter } from 'eventemitter3';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { Channel, type ChannelConfig, type ChannelOwner } from '../channel/channel.js';
import { formatPeer } from '../channel/peer-address.js';
import type { Codec, CodecOptions } from '../codec/codec.js';
import { createCodec } from '../codec/create-codec.js';
import { MessageCodec } from '../codec/message-codec.js';
import { formatEndpoint, parseEndpoint, type Endpoint, type Scheme } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { registerCoreServices } from '../register-core-services.js';
import type { Link } from '../transport/link.js';
import { NetTransport } from '../transport/net-transport.js';
import type { Transport } from '../transport/transport.js';
import { WsTransport } from '../transport/ws-transport.js';
import { HandlerChain, type HandlerSpec } from './handler-chain.js';
import { Listener } from './listener.js';
import type { ReactorEvents, ReactorStats } from './reactor-events.js';
import {
  checkLimits,
  DEFAULT_GOODBYE,
  LIMIT_DEFAULTS,
  type ListenOptions,
  type ReactorOptions,
} from './reactor-options.js';

/**
 * The event loop's switchboard: owns every listener and connection, frames their bytes, runs
 * their handler chains, enforces limits, and shuts down gracefully. One per process is typical.
 */
export class Reactor extends EventEmitter<ReactorEvents> implements ChannelOwner {
  readonly container: DependencyContainer;
  private readonly logger: Logger;
  private readonly transports = new Map<Scheme, Transport>();
  private readonly bindings: Listener[] = [];
  /** Outbound channels from `connect()`, tracked like a listener's for stats and shutdown. */
  private readonly outbound = new Set<Channel>();
  private nextChannelId = 0;
  private closedBytesIn = 0;
  private closedBytesOut = 0;
  private accepted = 0;
  private refused = 0;
  private closing?: Promise<void>;

  constructor(private readonly options: ReactorOptions = {}) {
    super();
    checkLimits(options);
    this.container = options.container ?? rootContainer.createChildContainer();
    this.logger = options.logger ?? silentLogger;
    registerCoreServices(this.container, this.logger);
    const builtIn = [new NetTransport(), new WsTransport()];
    for (const transport of [...builtIn, ...(options.transports ?? [])]) this.addTransport(transport);
  }

  /**
   * Declares a listener: `tcp://127.0.0.1:5000`, `tcp://[::1]:0`, `unix:///tmp/app.sock`, `tls://…`.
   * Names and options are checked now (BAD_URL, UNKNOWN_HANDLER, BAD_OPTION); `start()` binds.
   */
  listen(url: string, handlers: readonly HandlerSpec[], options: ListenOptions = {}): Listener {
    if (this.closing) throw new SwitchboardError('REACTOR_CLOSED', `Cannot listen on "${url}": the reactor is closing`);
    checkLimits(options);
    const endpoint = parseEndpoint(url);
    this.transportFor(endpoint);
    const chain = new HandlerChain(handlers, options.container ?? this.container);
    const maxConnections = options.maxConnections ?? this.options.maxConnections ?? LIMIT_DEFAULTS.maxConnections;
    const listener = new Listener(
      url,
      endpoint,
      chain,
      this.channelConfig(endpoint, chain, options),
      maxConnections,
      options,
    );
    this.bindings.push(listener);
    return listener;
  }

  /** Binds every declared listener that is not bound yet. Rejects with EADDRINUSE, EACCES… naming the address. */
  async start(): Promise<Listener[]> {
    if (this.closing) throw new SwitchboardError('REACTOR_CLOSED', 'Cannot start: the reactor is closing');
    const pending = this.bindings.filter((listener) => !listener.bound);
    await Promise.all(pending.map((listener) => this.bind(listener)));
    return [...this.bindings];
  }

  /** Opens an outbound connection served by the same handler API; resolves once connected. */
  async connect(url: string, handlers: readonly HandlerSpec[], options: ListenOptions = {}): Promise<Channel> {
    if (this.closing)
      throw new SwitchboardError('REACTOR_CLOSED', `Cannot connect to "${url}": the reactor is closing`);
    const endpoint = parseEndpoint(url);
    const chain = new HandlerChain(handlers, options.container ?? this.container);
    const link = await this.transportFor(endpoint).connect(endpoint, options);
    if (this.closing) {
      // close() began while we were connecting: it could not see this link, so drop it here.
      link.destroy();
      throw new SwitchboardError('REACTOR_CLOSED', `Cannot connect to "${url}": the reactor is closing`);
    }
    const channel = new Channel(++this.nextChannelId, link, this.channelConfig(endpoint, chain, options), this);
    this.outbound.add(channel);
    this.opened(channel, chain);
    return channel;
  }

  /** The listeners, with their real URLs once bound. */
  get listening(): readonly Listener[] {
    return this.bindings;
  }

  stats(): ReactorStats {
    let bytesIn = this.closedBytesIn;
    let bytesOut = this.closedBytesOut;
    let connections = this.outbound.size;
    // Summed on demand so that the hot path keeps no counters of its own.
    for (const channel of this.allChannels()) {
      bytesIn += channel.bytesRead;
      bytesOut += channel.bytesWritten;
    }
    for (const listener of this.bindings) connections += listener.channels.size;
    return {
      connections,
      accepted: this.accepted,
      refused: this.refused,
      bytesIn,
      bytesOut,
      listeners: this.bindings.map((l) => ({ url: l.url, connections: l.channels.size })),
    };
  }

  /**
   * Graceful shutdown: stop accepting, let handlers say goodbye, flush, wait up to `graceMs`
   * for peers to finish, then drop whoever is left. Safe to call more than once.
   */
  close(options: { graceMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutdown(options.graceMs ?? 3000);
    return this.closing;
  }

  // ChannelOwner

  channelError(channel: Channel, err: SwitchboardError): void {
    const quiet = err.code === 'ECONNRESET' || err.code === 'EPIPE';
    if (quiet) this.logger.debug(`connection error ${channel.peer}: ${err.message}`, { code: err.code });
    else this.logger.warn(`connection error ${channel.peer}: ${err.message}`, { code: err.code });
    this.emit('error', err, channel);
  }

  channelClosed(channel: Channel): void {
    this.closedBytesIn += channel.bytesRead;
    this.closedBytesOut += channel.bytesWritten;
    if (!this.outbound.delete(channel)) {
      for (const listener of this.bindings) if (listener.channels.delete(channel)) break;
    }
    this.logger.info(`disconnected ${channel.peer} from ${channel.url}`);
    this.emit('close', channel);
  }

  private async bind(listener: Listener): Promise<void> {
    const transport = this.transportFor(listener.endpoint);
    const bound = await transport.listen(listener.endpoint, listener.socketOptions, (link) =>
      this.accept(listener, link),
    );
    if (this.closing) {
      // close() ran while we were binding and could not unbind this one: let go of the address now.
      await bound.close();
      throw new SwitchboardError('REACTOR_CLOSED', `Stopped listening on "${bound.url}": the reactor is closing`);
    }
    listener.bound = bound;
    this.logger.info(`listening ${listener.url}`);
    this.emit('listening', { url: listener.url, port: listener.port });
  }

  private accept(listener: Listener, link: Link): void {
    if (this.closing || listener.channels.size >= listener.maxConnections) {
      this.refuse(listener, link);
      return;
    }
    const channel = new Channel(++this.nextChannelId, link, listener.config, this);
    listener.channels.add(channel);
    this.opened(channel, listener.chain);
  }

  private opened(channel: Channel, chain: HandlerChain): void {
    this.accepted++;
    this.logger.info(`connected ${channel.peer} to ${channel.url}`);
    this.emit('connection', channel);
    channel.open(chain.create(), chain.names);
  }

  private refuse(listener: Listener, link: Link): void {
    this.refused++;
    const error = this.closing
      ? new SwitchboardError('REACTOR_CLOSED', `Server at ${listener.url} is shutting down`)
      : new SwitchboardError(
          'MAX_CONNECTIONS',
          `Server is full: ${listener.maxConnections} connections on ${listener.url}; try again later`,
        );
    const notice = listener.config.codec.notice(`ERROR ${error.code} ${error.message}`);
    link.close({ notice, error });
    const peer = formatPeer(link.remote);
    this.logger.warn(`refused ${peer}: ${error.message}`, { code: error.code });
    this.emit('refused', { url: listener.url, peer, error });
  }

  private async shutdown(graceMs: number): Promise<void> {
    const unbinding = this.bindings.map((listener) => listener.bound?.close());
    const goodbye = this.options.goodbye ?? DEFAULT_GOODBYE;
    const channels = [...this.allChannels()];
    for (const channel of channels) channel.shutdown(goodbye);
    await this.waitForChannels(graceMs);
    for (const channel of this.allChannels()) channel.destroy();
    // A destroyed socket reports its close on a later tick: wait for it, so that close() resolving means gone.
    await this.waitForChannels(1000);
    await Promise.all(unbinding);
    this.logger.info('shut down');
    this.emit('shutdown');
  }

  private async waitForChannels(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.hasChannels() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(25, Math.max(1, deadline - Date.now()))));
    }
  }

  private hasChannels(): boolean {
    return this.outbound.size > 0 || this.bindings.some((listener) => listener.channels.size > 0);
  }

  private *allChannels(): Iterable<Channel> {
    for (const listener of this.bindings) yield* listener.channels;
    yield* this.outbound;
  }

  private addTransport(transport: Transport): void {
    for (const scheme of transport.schemes) this.transports.set(scheme, transport);
    transport.onError?.((err) => {
      this.logger.error(err.message);
      this.emit(
        'error',
        err instanceof SwitchboardError ? err : new SwitchboardError('UNKNOWN', err.message, { cause: err }),
      );
    });
  }

  private transportFor(endpoint: Endpoint): Transport {
    const transport = this.transports.get(endpoint.scheme);
    if (!transport) {
      throw new SwitchboardError(
        'BAD_URL',
        `No transport for "${formatEndpoint(endpoint)}" (${endpoint.scheme}:// is not available in this build)`,
      );
    }
    return transport;
  }

  /** The settings all channels of one listener (or one outbound connection) share. */
  private channelConfig(endpoint: Endpoint, chain: HandlerChain, options: ListenOptions): ChannelConfig {
    const limits = { ...LIMIT_DEFAULTS, ...stripUndefined(this.options), ...stripUndefined(options) };
    return {
      url: formatEndpoint(endpoint),
      codec: this.codecFor(endpoint, chain, options, limits),
      idleTimeout: limits.idleTimeout,
      maxBufferedBytes: limits.maxBufferedBytes,
    };
  }

  private codecFor(endpoint: Endpoint, chain: HandlerChain, options: ListenOptions, limits: CodecOptions): Codec {
    // WebSocket messages arrive framed already: handlers get each message whole.
    if (endpoint.scheme === 'ws' || endpoint.scheme === 'wss') return new MessageCodec();
    if (typeof options.codec === 'object') return options.codec;
    return createCodec(options.codec ?? chain.framing() ?? 'raw', limits);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
