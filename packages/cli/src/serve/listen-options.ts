import { readFile } from 'node:fs/promises';
import type { ListenOptions } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { UsageError } from '../usage-error.js';
import type { ListenerSettings } from './serve-options.js';

/**
 * A listener's settings as core's ListenOptions. The names are core's, so most pass through; the
 * greeting and room go to their handlers as this listener's handler options (ignored when the
 * chain lacks them), and the PEM files are read into `tls`.
 */
export async function toListenOptions(settings: ListenerSettings, app: DependencyContainer): Promise<ListenOptions> {
  const { greeting, room, cert, key, ca, ...core } = settings;
  const options: ListenOptions = { ...core, container: app };
  if (greeting !== undefined || room !== undefined) {
    options.handlerOptions = {
      greeting: greeting === undefined ? undefined : { text: greeting },
      broadcast: room === undefined ? undefined : { room },
    };
  }
  if (cert !== undefined && key !== undefined) {
    options.tls = { cert: await readPem('--cert', cert), key: await readPem('--key', key) };
    if (ca !== undefined) options.tls.ca = await readPem('--ca', ca);
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
