import { CODEC_NAMES, LIMIT_MAXIMUMS, type SlowConsumerPolicy } from '@switchboard/core';
import { UDP_MAX_PAYLOAD } from '@switchboard/core/transport';
import type { z } from 'zod';
import { TRANSPORT_CHOICES, type ListenerSettings } from '../serve/serve-options.js';
import {
  bytes,
  lineEnding,
  milliseconds,
  onOff,
  oneOf,
  originList,
  roomName,
  text,
  wholeNumber,
} from './value-schemas.js';

const SLOW_CONSUMER_POLICIES: readonly SlowConsumerPolicy[] = ['disconnect', 'drop'];

/**
 * Every listener setting under core's name, with its check. The config file takes these keys at
 * the top level (defaults) and in each listener's `options`; each `serve` flag maps onto one.
 * The type makes the compiler insist on one check per ListenerSettings key, and no other.
 */
export const LISTENER_SETTINGS = {
  maxConnections: wholeNumber(1, LIMIT_MAXIMUMS.maxConnections),
  maxConnectionsPerIp: wholeNumber(0, LIMIT_MAXIMUMS.maxConnectionsPerIp),
  acceptRatePerIp: wholeNumber(0, LIMIT_MAXIMUMS.acceptRatePerIp),
  acceptBurstPerIp: wholeNumber(1, LIMIT_MAXIMUMS.acceptBurstPerIp),
  handshakeTimeout: milliseconds(1),
  idleTimeout: milliseconds(0, LIMIT_MAXIMUMS.idleTimeout),
  codec: oneOf(CODEC_NAMES),
  maxLineLength: bytes(LIMIT_MAXIMUMS.maxLineLength),
  maxFrameLength: bytes(LIMIT_MAXIMUMS.maxFrameLength),
  lineEnding,
  notices: onOff,
  maxPayload: bytes(LIMIT_MAXIMUMS.maxPayload),
  heartbeatMs: milliseconds(0, LIMIT_MAXIMUMS.heartbeatMs),
  // IPv6 carries the most; an IPv4 listener is held to less when its plan is checked.
  maxDatagramSize: bytes(UDP_MAX_PAYLOAD.IPv6),
  maxBufferedBytes: bytes(LIMIT_MAXIMUMS.maxBufferedBytes),
  slowConsumer: oneOf(SLOW_CONSUMER_POLICIES),
  room: roomName,
  greeting: text,
  allowedOrigins: originList,
  noDelay: onOff,
  keepAlive: milliseconds(0),
  // The kernel caps it further at net.core.somaxconn.
  backlog: wholeNumber(1, 2 ** 31 - 1),
  transport: oneOf(TRANSPORT_CHOICES),
  cert: text,
  key: text,
  ca: text,
} satisfies { [K in keyof Required<ListenerSettings>]: z.ZodType<NonNullable<ListenerSettings[K]>> };

export type ListenerSettingName = keyof typeof LISTENER_SETTINGS;

/** The listener setting names, in the order the docs list them. */
export const LISTENER_SETTING_NAMES = Object.keys(LISTENER_SETTINGS) as ListenerSettingName[];
