import { readFile } from 'node:fs/promises';
import type { ListenOptions } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { UsageError } from '../usage-error.js';
import type { ListenerSettings } from './serve-options.js';
import { applySocketSettings } from './socket-settings.js';

/**
 * A listener's settings as core's ListenOptions. Its greeting text goes to the greeting handler
 * as that listener's handler options (ignored when its chain has no greeting).
 */
export async function toListenOptions(settings: ListenerSettings, app: DependencyContainer): Promise<ListenOptions> {
  const options: ListenOptions = { container: app };
  // Options for handlers the chain does not use are ignored by core, so both can always be given.
  const greeting = settings.greeting === undefined ? undefined : { text: settings.greeting };
  const broadcast = settings.room === undefined ? undefined : { room: settings.room };
  if (greeting || broadcast) options.handlerOptions = { greeting, broadcast };
  if (settings.maxConnections !== undefined) options.maxConnections = settings.maxConnections;
  if (settings.maxConnectionsPerIp !== undefined) options.maxConnectionsPerIp = settings.maxConnectionsPerIp;
  if (settings.acceptRatePerIp !== undefined) options.acceptRatePerIp = settings.acceptRatePerIp;
  if (settings.acceptBurstPerIp !== undefined) options.acceptBurstPerIp = settings.acceptBurstPerIp;
  if (settings.handshakeTimeout !== undefined) options.handshakeTimeout = settings.handshakeTimeout;
  if (settings.idleTimeout !== undefined) options.idleTimeout = settings.idleTimeout;
  if (settings.maxLine !== undefined) options.maxLineLength = settings.maxLine;
  if (settings.maxPayload !== undefined) options.maxPayload = settings.maxPayload;
  if (settings.maxBuffered !== undefined) options.maxBufferedBytes = settings.maxBuffered;
  if (settings.slowConsumer !== undefined) options.slowConsumer = settings.slowConsumer;
  applySocketSettings(settings, options);
  if (settings.cert !== undefined && settings.key !== undefined) {
    options.tls = { cert: await readPem('--cert', settings.cert), key: await readPem('--key', settings.key) };
    if (settings.ca !== undefined) options.tls.ca = await readPem('--ca', settings.ca);
  }
  return options;
}

async function readPem(flag: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new UsageError(`Cannot read ${flag} file "${file}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
