// The handler author's API. Transport authors' internals are in `@switchboard/core/transport`,
// test helpers in `@switchboard/core/testing`; packages/core/api/*.api.txt records all three.
export { AttributeKey } from './channel/attribute-key.js';
export type { Connection, UpgradeRequest } from './channel/connection.js';
export { HANDLER_SECONDS_BOUNDS, type HistogramSnapshot } from './channel/duration-histogram.js';
export type { PeerAddress } from './channel/peer-address.js';
export type { SlowConsumerPolicy } from './channel/slow-consumer.js';
export { CODEC_DEFAULTS, type Codec, type CodecOptions, type Decoder, type DecoderSink } from './codec/codec.js';
export { CODEC_NAMES, type CodecFactory, type CodecName, type Framing, type MessageOf } from './codec/create-codec.js';
export { ErrorCode, SwitchboardError } from './errors.js';
export {
  handler,
  type HandlerDecoratorOptions,
  type HandlerMeta,
  type HandlerScope,
} from './handler/handler-decorator.js';
export {
  HandlerRegistry,
  handlerRegistryOf,
  registerConnectionService,
  registerHandler,
  type HandlerEntry,
} from './handler/handler-registry.js';
export type { Handler, HandlerClass, HandlerClassFor, HandlerContext, HandlerResult } from './handler/handler.js';
export { MemoryBackplane, type Backplane, type BackplaneMessage } from './hub/backplane.js';
export { DEFAULT_ROOM, Hub, type BroadcastOptions } from './hub/hub.js';
export { LIMIT_MAXIMUMS, MAX_TIMER_MS } from './limit-ranges.js';
export { createTextLogger, silentLogger, type LogFields, type Logger, type LogLevel } from './logging/logger.js';
export type { HandlerSpec } from './reactor/handler-chain.js';
export type { HandlerOptions } from './reactor/handler-options.js';
export type { ListenerHandle } from './reactor/listener-handle.js';
export type { ListenerStats, ReactorEvents, ReactorStats, RefusedConnection } from './reactor/reactor-events.js';
export {
  CONNECT_TIMEOUT_MS,
  DEFAULT_GOODBYE,
  LIMIT_DEFAULTS,
  type ConnectionLimits,
  type ConnectOptions,
  type ListenOptions,
  type ReactorOptions,
} from './reactor/reactor-options.js';
export { Reactor } from './reactor/reactor.js';
export { registerCoreServices } from './register-core-services.js';
export { visibleText } from './text/visible-text.js';
export type { HttpRequestHandler, SocketOptions, TlsOptions } from './transport/transport.js';
export type { DirectSend } from './transport/direct-send.js';
export { allow, deny, type AuthDecision, type Authorizer, type AuthorizeOption } from './transport/authorizer.js';
export { RECONNECT_DEFAULTS, type ReconnectOptions } from './reactor/reconnect-policy.js';
export type { ReconnectingClient, ReconnectingInfo } from './reactor/reconnecting-client.js';
export { WsCloseCode } from './transport/ws-close.js';
export { AUTHORIZER, BACKPLANE, CONNECTION, HANDLER_REGISTRY, HUB, LOGGER } from './tokens.js';
