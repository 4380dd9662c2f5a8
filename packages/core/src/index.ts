export { AttributeKey } from './channel/attribute-key.js';
export { Channel, type ChannelConfig, type ChannelOwner } from './channel/channel.js';
export { formatPeer, type PeerAddress } from './channel/peer-address.js';
export { CODEC_DEFAULTS, type Codec, type CodecOptions, type Decoder, type DecoderSink } from './codec/codec.js';
export { CODEC_NAMES, createCodec, type CodecFactory, type CodecName, type Framing } from './codec/create-codec.js';
export { LengthPrefixedCodec } from './codec/length-prefixed-codec.js';
export { LineCodec } from './codec/line-codec.js';
export { MessageCodec } from './codec/message-codec.js';
export { PendingBytes } from './codec/pending-bytes.js';
export { RawCodec } from './codec/raw-codec.js';
export { formatEndpoint, parseEndpoint, type Endpoint, type Scheme } from './endpoint/endpoint.js';
export { ErrorCode, SwitchboardError, fromSystemError, toError } from './errors.js';
export {
  handler,
  handlerMeta,
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
export type { Handler, HandlerClass, HandlerContext, HandlerResult } from './handler/handler.js';
export { MemoryBackplane, type Backplane, type BackplaneMessage } from './hub/backplane.js';
export { DEFAULT_ROOM, Hub, type BroadcastOptions } from './hub/hub.js';
export { createTextLogger, silentLogger, type LogFields, type Logger, type LogLevel } from './logging/logger.js';
export { HandlerChain, type HandlerSpec } from './reactor/handler-chain.js';
export type { HandlerOptions } from './reactor/handler-options.js';
export { LIMIT_MAXIMUMS, MAX_TIMER_MS } from './limit-ranges.js';
export { Listener } from './reactor/listener.js';
export type { ReactorEvents, ReactorStats, RefusedConnection } from './reactor/reactor-events.js';
export {
  DEFAULT_GOODBYE,
  LIMIT_DEFAULTS,
  type ConnectionLimits,
  type ListenOptions,
  type ReactorOptions,
} from './reactor/reactor-options.js';
export { Reactor } from './reactor/reactor.js';
export { registerCoreServices } from './register-core-services.js';
export { visibleText } from './text/visible-text.js';
export type { CloseReason, Link, LinkSink } from './transport/link.js';
export { MemoryLink } from './transport/memory-link.js';
export { NetLink } from './transport/net-link.js';
export { NetTransport } from './transport/net-transport.js';
export { HttpServerPool, type RouteBinding, type UpgradeRoute } from './transport/http-server-pool.js';
export { createOriginCheck, LOOPBACK_ORIGINS, type OriginCheck } from './transport/origin-check.js';
export { serveStatic } from './transport/serve-static.js';
export type {
  AcceptLink,
  Admission,
  BoundListener,
  HttpRequestHandler,
  SocketOptions,
  Transport,
} from './transport/transport.js';
export { closeCodeFor, WsCloseCode } from './transport/ws-close.js';
export { WS_HIGH_WATER_MARK, WsLink } from './transport/ws-link.js';
export { WS_DEFAULTS, WsTransport } from './transport/ws-transport.js';
export { BACKPLANE, CONNECTION, HANDLER_REGISTRY, HUB, LOGGER } from './tokens.js';
