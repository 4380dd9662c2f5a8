import { MAX_TIMER_MS } from '@switchboard/core';
import {
  duration,
  integerInRange,
  nonNegativeInteger,
  positiveInteger,
  roomName,
  sizeOf,
  slowConsumerPolicy,
  text,
} from './check-values.js';
import type { ListenerSettings } from './serve-options.js';
import { backlog, keepAlive, onOff, originList } from './socket-settings.js';

/** The per-listener settings and how each one's value is checked. */
const CHECKS: { [K in keyof Required<ListenerSettings>]: (name: string, value: unknown) => ListenerSettings[K] } = {
  maxConnections: positiveInteger,
  maxConnectionsPerIp: nonNegativeInteger,
  acceptRatePerIp: nonNegativeInteger,
  acceptBurstPerIp: positiveInteger,
  handshakeTimeout: (name, value) => integerInRange(1, MAX_TIMER_MS, name, value, ' ms'),
  idleTimeout: duration,
  maxLine: sizeOf('maxLineLength'),
  maxPayload: sizeOf('maxPayload'),
  maxBuffered: sizeOf('maxBufferedBytes'),
  slowConsumer: slowConsumerPolicy,
  room: roomName,
  greeting: text,
  cert: text,
  key: text,
  ca: text,
  allowedOrigins: originList,
  noDelay: onOff,
  keepAlive,
  backlog,
};

/** The keys of ListenerSettings, as the config file spells them. */
export const SETTING_KEYS = Object.keys(CHECKS) as (keyof ListenerSettings)[];

/**
 * Picks and checks the listener settings present in `source` (parsed flags or a JSON object).
 * `nameOf` names a key the way the user wrote it (`--max-line`, `listeners[0].options.maxLine`).
 */
export function readSettings(
  source: Readonly<Record<string, unknown>>,
  nameOf: (key: keyof ListenerSettings) => string,
): ListenerSettings {
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    if (source[key] !== undefined) settings[key] = CHECKS[key](nameOf(key), source[key]);
  }
  return settings as ListenerSettings;
}
