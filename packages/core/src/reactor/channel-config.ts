import type { ChannelConfig } from '../channel/channel.js';
import { DurationHistogram } from '../channel/duration-histogram.js';
import type { Codec, CodecOptions } from '../codec/codec.js';
import { createCodec } from '../codec/create-codec.js';
import { messageCodecFor } from '../codec/message-codec-for.js';
import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { datagramCodecFor } from '../transport/udp-codec.js';
import type { HandlerChain } from './handler-chain.js';
import { LIMIT_DEFAULTS, type ListenOptions, type ReactorOptions } from './reactor-options.js';

/**
 * The settings all channels of one listener (or one outbound connection) share: the listener's
 * own options win over the reactor's, which win over the defaults.
 */
export function buildChannelConfig(
  endpoint: Endpoint,
  chain: HandlerChain,
  reactorOptions: ReactorOptions,
  options: ListenOptions,
  outbound = false,
): ChannelConfig {
  const limits = { ...LIMIT_DEFAULTS, ...definedOnly(reactorOptions), ...definedOnly(options) };
  return {
    url: formatEndpoint(endpoint),
    codec: codecFor(endpoint, chain, options, limits),
    idleTimeout: limits.idleTimeout,
    maxBufferedBytes: limits.maxBufferedBytes,
    slowConsumer: limits.slowConsumer,
    // One counter object per listener (or outbound connection), summed by reactor.stats().
    slowConsumerCounts: { drops: 0, disconnects: 0 },
    outbound,
    notices: options.notices,
    ...(reactorOptions.measureHandlerTime ? { handlerTime: new DurationHistogram() } : {}),
  };
}

/** The listener's maxConnections, else the reactor's, else the default. */
export function maxConnectionsOf(reactorOptions: ReactorOptions, options: ListenOptions): number {
  return options.maxConnections ?? reactorOptions.maxConnections ?? LIMIT_DEFAULTS.maxConnections;
}

function codecFor(endpoint: Endpoint, chain: HandlerChain, options: ListenOptions, limits: CodecOptions): Codec {
  const framing = options.codec ?? chain.framing();
  // WebSocket messages arrive framed already: the framing picks what handlers get of them.
  if (endpoint.scheme === 'ws' || endpoint.scheme === 'wss') return messageCodecFor(framing, limits);
  const codec = typeof framing === 'object' ? framing : createCodec(framing ?? 'raw', limits);
  // A datagram is framed on its own: nothing it leaves unfinished continues in the next one.
  return endpoint.scheme === 'udp' ? datagramCodecFor(codec) : codec;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
