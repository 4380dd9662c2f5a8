import type { ListenOptions } from '@switchboard/core';
import { createOriginCheck } from '@switchboard/core/transport';
import { UsageError } from '../usage-error.js';
import { duration, integerInRange } from './check-values.js';
import type { ListenerSettings } from './serve-options.js';

/** `on`/`off` from a flag, true/false from JSON. */
export function onOff(name: string, value: unknown): boolean {
  if (value === true || value === 'on') return true;
  if (value === false || value === 'off') return false;
  throw new UsageError(`${name} must be on or off, got ${JSON.stringify(value)}`);
}

/** A listen backlog: 1 … 2^31−1 (the kernel caps it further at net.core.somaxconn). */
export const backlog = (name: string, value: unknown): number => integerInRange(1, 2 ** 31 - 1, name, value);

/** TCP keep-alive probe delay in ms; 0 leaves it off. */
export const keepAlive = duration;

/** A list of origins, each checked the way the listener will check it (exact, `http://host:*`, `null` or `*`). */
export function originList(name: string, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((entry) => typeof entry !== 'string')) {
    throw new UsageError(
      `${name} must be a list of origins such as "https://chat.example.com", got ${JSON.stringify(value)}`,
    );
  }
  try {
    createOriginCheck(list as string[]);
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message.replace(/^allowedOrigins /, '')}`);
  }
  return list as string[];
}

/** Copies the socket settings into core's ListenOptions, under core's names. */
export function applySocketSettings(settings: ListenerSettings, options: ListenOptions): void {
  if (settings.noDelay !== undefined) options.noDelay = settings.noDelay;
  if (settings.keepAlive !== undefined) options.keepAlive = settings.keepAlive;
  if (settings.backlog !== undefined) options.backlog = settings.backlog;
  if (settings.allowedOrigins !== undefined) options.allowedOrigins = settings.allowedOrigins;
}
