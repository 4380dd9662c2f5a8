// `@switchboard/core/transport`: what transport, codec and framework authors build on. Handlers
// need none of it; it may change between minor versions more freely than the main entry.
export { Channel, type ChannelConfig, type ChannelOwner } from '../channel/channel.js';
export { formatPeer } from '../channel/peer-address.js';
export { createCodec } from '../codec/create-codec.js';
export { LengthPrefixedCodec } from '../codec/length-prefixed-codec.js';
export { LineCodec } from '../codec/line-codec.js';
export { MessageCodec } from '../codec/message-codec.js';
export { PendingBytes } from '../codec/pending-bytes.js';
export { RawCodec } from '../codec/raw-codec.js';
export { formatEndpoint, parseEndpoint, type Endpoint, type Scheme } from '../endpoint/endpoint.js';
export { fromSystemError, toError } from '../errors.js';
export { handlerMeta } from '../handler/handler-decorator.js';
export { HandlerChain } from '../reactor/handler-chain.js';
export { Listener } from '../reactor/listener.js';
export type { CloseReason, Link, LinkSink } from './link.js';
export { MemoryLink } from './memory-link.js';
export { NetLink } from './net-link.js';
export { NetTransport } from './net-transport.js';
export { HttpServerPool, type RouteBinding, type UpgradeRoute } from './http-server-pool.js';
export { createOriginCheck, LOOPBACK_ORIGINS, type OriginCheck } from './origin-check.js';
export type { AcceptLink, Admission, BoundListener, Transport } from './transport.js';
export { UdpLink, type UdpLinkOwner } from './udp-link.js';
export type { UdpListenerStats } from './udp-peer-table.js';
export { UDP_DEFAULTS, UDP_MAX_PAYLOAD } from './udp-socket.js';
export { UdpTransport } from './udp-transport.js';
export { closeCodeFor } from './ws-close.js';
export { WS_HIGH_WATER_MARK, WsLink } from './ws-link.js';
export { WS_DEFAULTS, WsTransport } from './ws-transport.js';
