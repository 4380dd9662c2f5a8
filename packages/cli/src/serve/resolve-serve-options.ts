import { parseEndpoint } from '@switchboard/core/transport';
import { UsageError } from '../usage-error.js';
import { loadConfig, type ServeConfig } from './load-config.js';
import type { ServeArgs } from './parse-serve-args.js';
import { SERVE_DEFAULTS, type ListenerPlan, type ListenerSettings, type ServeOptions } from './serve-options.js';

/**
 * Merges the flags with the `--config` file. The most specific value wins: a listener's own
 * `options`, then the flags, then the file's top level, then the defaults.
 */
export async function resolveServeOptions(args: ServeArgs): Promise<ServeOptions> {
  const config = args.config === undefined ? undefined : await loadConfig(args.config);
  return mergeServeOptions(args, config);
}

/** The merge itself, for callers that loaded the config already. */
export function mergeServeOptions(args: ServeArgs, config?: ServeConfig): ServeOptions {
  const defaults: ListenerSettings = { ...config?.settings, ...args.settings };
  const chain = args.handlers.length > 0 ? args.handlers : config?.handlers;
  const fromConfig = (config?.listeners ?? []).map((listener, i) => {
    const handlers = listener.handlers ?? chain;
    if (!handlers)
      throw new UsageError(`listeners[${i}] (${listener.url}) has no handlers, and no --handler was given`);
    return plan(listener.url, handlers, { ...defaults, ...listener.settings });
  });
  if (args.listen.length > 0 && !chain) throw new UsageError('Missing --handler a,b,c for the --listen URLs');
  const fromFlags = args.listen.map((url) => plan(url, chain!, defaults));
  const listeners = [...fromConfig, ...fromFlags];
  if (listeners.length === 0) throw new UsageError('Missing --listen URL (or --config FILE with listeners)');
  return {
    listeners,
    graceMs: args.graceMs ?? config?.graceMs ?? SERVE_DEFAULTS.graceMs,
    workers: args.workers ?? config?.workers ?? SERVE_DEFAULTS.workers,
    logFormat: args.logFormat ?? config?.logFormat ?? SERVE_DEFAULTS.logFormat,
    plugins: [...(config?.plugins ?? []), ...args.plugins],
    redis: args.redis ?? config?.redis,
    redisChannel: args.redisChannel ?? config?.redisChannel,
  };
}

function plan(url: string, handlers: readonly string[], settings: ListenerSettings): ListenerPlan {
  const { scheme } = parseEndpoint(url);
  if ((settings.cert === undefined) !== (settings.key === undefined)) {
    throw new UsageError(`${url}: --cert and --key go together; give both or neither`);
  }
  if (settings.ca !== undefined && settings.cert === undefined) {
    throw new UsageError(`${url}: --ca (client certificates) needs --cert FILE --key FILE`);
  }
  if ((scheme === 'tls' || scheme === 'wss') && settings.cert === undefined) {
    throw new UsageError(`${url} needs a certificate: add --cert FILE --key FILE`);
  }
  return { url, handlers, settings };
}
