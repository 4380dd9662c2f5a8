import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { Channel, type ChannelConfig, type ChannelOwner } from '../channel/channel.js';
import type { Codec, CodecOptions } from '../codec/codec.js';
import { createCodec, type CodecName } from '../codec/create-codec.js';
import type { SwitchboardError } from '../errors.js';
import { HandlerChain, type HandlerSpec } from '../reactor/handler-chain.js';
import { LIMIT_DEFAULTS } from '../reactor/reactor-options.js';
import { registerCoreServices } from '../register-core-services.js';
import { MemoryLink } from '../transport/memory-link.js';

/** Options for `createChannelPair`. */
export interface ChannelPairOptions extends CodecOptions {
  /** Framing for both ends; by default the one the server handlers declare, else raw. */
  codec?: CodecName | Codec;
  /** Where handler names resolve (default: a fresh child of the root container). */
  container?: DependencyContainer;
  idleTimeout?: number;
  maxBufferedBytes?: number;
}

/** Two channels joined in memory, each with its own handler chain. */
export interface ChannelPair {
  readonly server: Channel;
  readonly client: Channel;
  /** Errors either channel reported, in order. */
  readonly errors: SwitchboardError[];
}

/**
 * A connected pair of channels with no network in between (`socket_create_pair`): run a
 * handler chain against a `MessageRecorder` to test it without sockets.
 */
export function createChannelPair(
  serverHandlers: readonly HandlerSpec[],
  clientHandlers: readonly HandlerSpec[],
  options: ChannelPairOptions = {},
): ChannelPair {
  const container = options.container ?? rootContainer.createChildContainer();
  registerCoreServices(container);
  const serverChain = new HandlerChain(serverHandlers, container);
  const clientChain = new HandlerChain(clientHandlers, container);
  const name = typeof options.codec === 'object' ? undefined : (options.codec ?? serverChain.framing() ?? 'raw');
  const codec = name ? createCodec(name, options) : (options.codec as Codec);
  const config: ChannelConfig = {
    url: 'memory://pair',
    codec,
    idleTimeout: options.idleTimeout ?? LIMIT_DEFAULTS.idleTimeout,
    maxBufferedBytes: options.maxBufferedBytes ?? LIMIT_DEFAULTS.maxBufferedBytes,
  };
  // The limits under test are the server's: the client end reads with default limits.
  const clientConfig: ChannelConfig = { ...config, codec: name ? createCodec(name) : codec, idleTimeout: 0 };
  const errors: SwitchboardError[] = [];
  const owner: ChannelOwner = { channelError: (_channel, err) => errors.push(err), channelClosed: () => {} };
  const [serverLink, clientLink] = MemoryLink.pair();
  const server = new Channel(1, serverLink, config, owner);
  const client = new Channel(2, clientLink, clientConfig, owner);
  server.open(serverChain.create(server), serverChain.names);
  client.open(clientChain.create(client), clientChain.names);
  return { server, client, errors };
}
