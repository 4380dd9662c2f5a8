import { EventEmitter } from 'eventemitter3';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { Channel, type ChannelOwner } from '../channel/channel.js';
import type { Connection } from '../channel/connection.js';
import { parseEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { registerCoreServices } from '../register-core-services.js';
import type { Link } from '../transport/link.js';
import type { Transport } from '../transport/transport.js';
import { NetTransport } from '../transport/net-transport.js';
import { formatPeer, type PeerAddress } from '../channel/peer-address.js';
import { admissionLimitsOf } from './admission.js';
import { buildChannelConfig } from './channel-config.js';
import { ChannelRegistry } from './channel-registry.js';
import type { Handler } from '../handler/handler.js';
import { HandlerChain, type HandlerSpec } from './handler-chain.js';
import { Listener } from './listener.js';
import type { ListenerHandle } from './listener-handle.js';
import type { ReactorEvents, ReactorStats } from './reactor-events.js';
import {
  checkLimits,
  connectTimeoutOf,
  DEFAULT_GOODBYE,
  type ConnectOptions,
  type ListenOptions,
  type ReactorOptions,
} from './reactor-options.js';
import { openLink } from './open-link.js';
import { withAuthorizer } from './with-authorizer.js';
import { reconnectPolicy, type ReconnectOptions } from './reconnect-policy.js';
import { reconnectReporter } from './reconnect-reporter.js';
import { ReconnectSupervisor, type ReconnectingClient } from './reconnecting-client.js';
import { crowdedWarning, handlerBuildError, refuseConnection, refusalError } from './refusal.js';
import { RefusalLog } from './refusal-log.js';
import { TransportRegistry } from './transport-registry.js';
import { LazyTransport } from './lazy-transport.js';

/** How long close() waits for transports to let go of their addresses once every channel is gone. */
const UNBIND_WAIT_MS = 1000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The event loop's switchboard: owns every listener and connection, frames their bytes, runs
 * their handler chains, enforces limits, and shuts down gracefully. One per process is typical.
 */
export class Reactor extends EventEmitter<ReactorEvents> implements ChannelOwner {
  readonly container: DependencyContainer;
  private readonly logger: Logger;
  /** Connect/disconnect lines are built only for a real logger: no strings per connection otherwise. */
  private readonly logsConnections: boolean;
  private readonly transports: TransportRegistry;
  private readonly registry = new ChannelRegistry();
  private readonly refusals: RefusalLog;
  private nextChannelId = 0;
  private closing?: Promise<void>;
  /** Outbound connects in flight, so that close() can stop them. */
  private readonly connecting = new Set<AbortController>();
  private readonly clients = new Set<ReconnectSupervisor>();
  private readonly reconnectReports = reconnectReporter(this, () => this.logger);

  constructor(private readonly options: ReactorOptions = {}) {
    super();
    checkLimits(options);
    this.container = options.container ?? rootContainer.createChildContainer();
    this.logger = options.logger ?? silentLogger;
    this.logsConnections = this.logger !== silentLogger;
    this.refusals = new RefusalLog(this.logger);
    registerCoreServices(this.container, this.logger);
    const directSend = options.directSend;
    const transports = [
      new NetTransport({ directSend }),
      // Loaded by their first listener or connection: a TCP-only server does not carry them.
      new LazyTransport(
        ['ws', 'wss'],
        async () => new (await import('../transport/ws-transport.js')).WsTransport({ directSend }),
      ),
      new LazyTransport(
        ['udp'],
        async () => new (await import('../transport/udp-transport.js')).UdpTransport({ logger: this.logger }),
      ),
      ...(options.transports ?? []),
    ];
    this.transports = new TransportRegistry(transports, (err) => {
      this.logger.error(err.message, { code: err.code });
      this.emit('error', err);
    });
  }

  /**
   * Declares a listener: `tcp://127.0.0.1:5000`, `tcp://[::1]:0`, `unix:///tmp/app.sock`, `tls://…`.
   * Names and options are checked now (BAD_URL, UNKNOWN_HANDLER, BAD_OPTION); `start()` binds.
   */
  listen(url: string, handlers: readonly HandlerSpec[], options: ListenOptions = {}): ListenerHandle {
    if (this.closing) throw new SwitchboardError('REACTOR_CLOSED', `Cannot listen on "${url}": the reactor is closing`);
    checkLimits(options);
    const endpoint = parseEndpoint(url);
    this.transports.for(endpoint, options.transport);
    options = withAuthorizer(options, options.container ?? this.container);
    const chain = new HandlerChain(handlers, options.container ?? this.container, options.handlerOptions);
    const config = buildChannelConfig(endpoint, chain, this.options, options);
    const limits = admissionLimitsOf(this.options, options);
    const listener: Listener = new Listener(url, endpoint, chain, config, limits, options, {
      refused: (peer, error, link) => this.refuseEarly(listener, peer, error, link),
      crowded: (address, count) =>
        this.logger.warn(crowdedWarning(listener, address, count), { code: 'MAX_CONNECTIONS' }),
    });
    this.registry.listeners.push(listener);
    return listener;
  }

  /** Binds every declared listener that is not bound yet. Rejects with EADDRINUSE, EACCES… naming the address. */
  async start(): Promise<ListenerHandle[]> {
    if (this.closing) throw new SwitchboardError('REACTOR_CLOSED', 'Cannot start: the reactor is closing');
    await Promise.all(this.registry.listeners.map((listener) => this.bindOnce(listener)));
    return [...this.registry.listeners];
  }

  /**
   * Opens an outbound connection served by the same handler API: tcp, tls, unix, ws, wss (and
   * any scheme a registered transport connects). Resolves once connected; rejects with ECONNREFUSED,
   * ETIMEDOUT (after `connectTimeout`), REACTOR_CLOSED (the reactor or `signal` stopped it)…
   * With `reconnect`, resolves with a ReconnectingClient once its first connection is up.
   */
  connect(
    url: string,
    handlers: readonly HandlerSpec[],
    options: ConnectOptions & { reconnect: ReconnectOptions | true },
  ): Promise<ReconnectingClient>;
  connect(url: string, handlers: readonly HandlerSpec[], options?: ConnectOptions): Promise<Connection>;
  async connect(
    url: string,
    handlers: readonly HandlerSpec[],
    options: ConnectOptions = {},
  ): Promise<Connection | ReconnectingClient> {
    if (this.closing)
      throw new SwitchboardError('REACTOR_CLOSED', `Cannot connect to "${url}": the reactor is closing`);
    checkLimits(options);
    const endpoint = parseEndpoint(url);
    const transport = this.transports.for(endpoint, options.transport);
    const chain = new HandlerChain(handlers, options.container ?? this.container, options.handlerOptions);
    const timeoutMs = connectTimeoutOf(url, options);
    const dial = (signal?: AbortSignal) => this.dial(url, endpoint, transport, chain, options, timeoutMs, signal);
    if (!options.reconnect) return dial();
    const policy = reconnectPolicy(options.reconnect);
    const client: ReconnectSupervisor = new ReconnectSupervisor(url, dial, policy, this.reconnectReports, () =>
      this.clients.delete(client),
    );
    this.clients.add(client);
    options.signal?.addEventListener('abort', () => client.close(), { once: true });
    await client.start();
    return client;
  }

  private async dial(
    url: string,
    endpoint: Endpoint,
    transport: Transport,
    chain: HandlerChain,
    options: ConnectOptions,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Channel> {
    if (this.closing)
      throw new SwitchboardError('REACTOR_CLOSED', `Cannot connect to "${url}": the reactor is closing`);
    const cancel = new AbortController();
    this.connecting.add(cancel);
    let link: Link;
    try {
      link = await openLink(transport, endpoint, options, timeoutMs, [cancel.signal, signal, options.signal]);
    } finally {
      this.connecting.delete(cancel);
    }
    if (this.closing) {
      // close() began while we were connecting: it could not see this link, so drop it here.
      link.destroy();
      throw new SwitchboardError('REACTOR_CLOSED', `Cannot connect to "${url}": the reactor is closing`);
    }
    const config = buildChannelConfig(endpoint, chain, this.options, options, true);
    const channel = new Channel(++this.nextChannelId, link, config, this);
    let instances: readonly Handler[];
    try {
      instances = chain.create(channel);
    } catch (err) {
      link.destroy();
      throw err;
    }
    this.registry.outbound.add(channel);
    this.opened(channel, instances, chain.names);
    return channel;
  }

  /** The listeners, with their real URLs once bound. */
  get listening(): readonly ListenerHandle[] {
    return this.registry.listeners;
  }

  stats(): ReactorStats {
    return this.registry.stats();
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
    this.registry.remove(channel);
    if (this.logsConnections) {
      const counts = `bytes in ${channel.bytesRead}, out ${channel.bytesWritten}; reason ${channel.closeReason}`;
      this.logger.info(`disconnected ${channel.peer} from ${channel.url} (${counts})`);
    }
    this.emit('close', channel);
  }

  /** One bind per listener, however many `start()` calls overlap; a failed bind may be retried. */
  private bindOnce(listener: Listener): Promise<void> {
    listener.binding ??= this.bind(listener).catch((err: unknown) => {
      listener.binding = undefined;
      throw err;
    });
    return listener.binding;
  }

  private async bind(listener: Listener): Promise<void> {
    const transport = this.transports.for(listener.endpoint, listener.socketOptions.transport);
    const bound = await transport.listen(
      listener.endpoint,
      listener.socketOptions,
      (link) => this.accept(listener, link),
      listener.admission,
    );
    if (this.closing) {
      // close() ran while we were binding and could not unbind this one: let go of the address now.
      await bound.close();
      throw new SwitchboardError('REACTOR_CLOSED', `Stopped listening on "${bound.url}": the reactor is closing`);
    }
    listener.bound = bound;
    // Port 0 is now a real port: connect/disconnect lines and channel.url should say which.
    listener.config.url = bound.url;
    this.logger.info(`listening ${listener.url}`);
    this.emit('listening', { url: listener.url, port: listener.port });
  }

  private accept(listener: Listener, link: Link): void {
    if (this.closing || listener.channels.size >= listener.maxConnections) {
      this.refuse(listener, link, refusalError(listener, this.closing !== undefined));
      return;
    }
    const channel = new Channel(++this.nextChannelId, link, listener.config, this);
    let handlers: readonly Handler[];
    try {
      // Built before the channel opens (a handler may inject it): a constructor that throws costs this connection only.
      handlers = listener.chain.create(channel);
    } catch (thrown) {
      this.refuse(listener, link, handlerBuildError(listener, link, thrown));
      return;
    }
    listener.channels.add(channel);
    this.opened(channel, handlers, listener.chain.names);
  }

  private opened(channel: Channel, handlers: readonly Handler[], names: readonly string[]): void {
    this.registry.accepted++;
    if (this.logsConnections) this.logger.info(`connected ${channel.peer} to ${channel.url}`);
    this.emit('connection', channel);
    channel.open(handlers, names);
  }

  private refuse(listener: Listener, link: Link, error: SwitchboardError): void {
    this.registry.refused++;
    const refusal = refuseConnection(listener, link, error);
    this.refusals.refused(refusal.peer, refusal.error);
    this.emit('refused', refusal);
  }

  /** A connection its listener's admission turned away; with a link it is told why in the listener's framing. */
  private refuseEarly(listener: Listener, peer: PeerAddress, error: SwitchboardError, link?: Link): void {
    if (link) return this.refuse(listener, link, error);
    this.registry.refused++;
    this.refusals.refused(formatPeer(peer), error);
    this.emit('refused', { url: listener.url, peer: formatPeer(peer), error });
  }

  private async shutdown(graceMs: number): Promise<void> {
    // Connects in progress stop now, their sockets destroyed; reconnecting clients stop retrying.
    const stopped = new SwitchboardError('REACTOR_CLOSED', 'Stopped connecting: the reactor is closing');
    for (const attempt of this.connecting) attempt.abort(stopped);
    for (const client of [...this.clients]) client.close(stopped);
    // A bind still in flight sees `closing` when it lands and lets go of its address itself.
    await Promise.allSettled(this.registry.listeners.map((listener) => listener.binding));
    const unbinding = this.registry.listeners.map((listener) => listener.bound?.close());
    const goodbye = this.options.goodbye ?? DEFAULT_GOODBYE;
    const channels = [...this.registry.channels()];
    for (const channel of channels) channel.shutdown(goodbye);
    await this.registry.waitUntilEmpty(graceMs);
    for (const channel of this.registry.channels()) channel.destroy();
    // A destroyed socket reports its close on a later tick: wait for it, so that close() resolving means gone.
    await this.registry.waitUntilEmpty(1000);
    // Sockets the reactor never saw (a TLS handshake or an HTTP request still in progress) may keep
    // a server's close waiting; they are bounded by the transports' own timeouts, not by close().
    await Promise.race([Promise.all(unbinding), delay(UNBIND_WAIT_MS)]);
    this.logger.info('shut down');
    this.emit('shutdown');
  }
}
