import type { EventEmitter } from 'eventemitter3';
import type { Logger } from '../logging/logger.js';
import type { ReactorEvents } from './reactor-events.js';
import type { ReconnectReports } from './reconnecting-client.js';

/** Turns a reconnecting client's reports into log lines (each with a code) and reactor events. */
export function reconnectReporter(events: EventEmitter<ReactorEvents>, logger: () => Logger): ReconnectReports {
  return {
    reconnecting(info) {
      const why = info.error ? info.error.message : 'the connection closed';
      logger().warn(`reconnecting to ${info.url} in ${info.delayMs} ms (attempt ${info.attempt}): ${why}`, {
        code: info.error?.code ?? 'RECONNECTING',
      });
      events.emit('reconnecting', info);
    },
    reconnected(connection, info) {
      logger().info(`reconnected to ${info.url} after ${info.attempts} failed attempts`);
      events.emit('reconnected', connection, info);
    },
    gaveUp(info) {
      logger().error(`gave up connecting to ${info.url} after ${info.attempts} attempts: ${info.error.message}`, {
        code: 'RECONNECT_GAVE_UP',
      });
      events.emit('gaveUp', info);
    },
  };
}
