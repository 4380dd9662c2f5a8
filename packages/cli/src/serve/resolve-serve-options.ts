import { isIPv4 } from 'node:net';
import { parseEndpoint, UDP_MAX_PAYLOAD, type Endpoint } from '@switchboard/core/transport';
import { ConfigError, formatIssue, type ConfigIssue } from '../config/config-error.js';
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

/** The merge itself, for callers that loaded the config already. ConfigError lists every listener's mistakes. */
export function mergeServeOptions(args: ServeArgs, config?: ServeConfig): ServeOptions {
  const issues: ConfigIssue[] = [];
  const defaults: ListenerSettings = { ...config?.settings, ...args.settings };
  const chain = args.handlers.length > 0 ? args.handlers : config?.handlers;
  const fromConfig = (config?.listeners ?? []).map((listener, i) => {
    const where = `listeners[${i}] (${listener.url})`;
    const handlers = listener.handlers ?? chain;
    if (!handlers)
      issues.push({
        path: `listeners[${i}].handlers`,
        message: 'missing, and no top-level handlers or --handler given',
      });
    return plan(listener.url, handlers ?? [], { ...defaults, ...listener.settings }, where, issues);
  });
  if (args.listen.length > 0 && !chain)
    issues.push({ path: '', message: 'Missing --handler a,b,c for the --listen URLs' });
  const fromFlags = args.listen.map((url) => plan(url, chain ?? [], defaults, `--listen ${url}`, issues));
  const listeners = [...fromConfig, ...fromFlags];
  if (listeners.length === 0)
    issues.push({ path: '', message: 'Missing --listen URL (or --config FILE with listeners)' });
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    listeners,
    graceMs: args.graceMs ?? config?.graceMs ?? SERVE_DEFAULTS.graceMs,
    workers: args.workers ?? config?.workers ?? SERVE_DEFAULTS.workers,
    logFormat: args.logFormat ?? config?.logFormat ?? SERVE_DEFAULTS.logFormat,
    logLevel: args.logLevel ?? config?.logLevel ?? SERVE_DEFAULTS.logLevel,
    plugins: [...(config?.plugins ?? []), ...args.plugins],
    redis: args.redis ?? config?.redis,
    redisChannel: args.redisChannel ?? config?.redisChannel,
    metrics: args.metrics ?? config?.metrics,
    warnings: (config?.warnings ?? []).map((warning) => `Config file "${args.config}": ${formatIssue(warning)}`),
  };
}

/** One listener's plan; what is wrong with its URL or its TLS settings goes to `issues`. */
function plan(
  url: string,
  handlers: readonly string[],
  settings: ListenerSettings,
  where: string,
  issues: ConfigIssue[],
): ListenerPlan {
  const problem = (message: string) => issues.push({ path: where, message });
  const endpoint = endpointOf(url, problem);
  if (endpoint === undefined) return { url, handlers, settings };
  const { scheme, host } = endpoint;
  if ((settings.cert === undefined) !== (settings.key === undefined))
    problem('--cert and --key go together (cert and key in a file); give both or neither');
  else if ((scheme === 'tls' || scheme === 'wss') && settings.cert === undefined)
    problem('needs a certificate: add --cert FILE --key FILE (cert and key in a file)');
  if (settings.ca !== undefined && settings.cert === undefined)
    problem('--ca (client certificates) needs --cert FILE --key FILE');
  if (settings.transport === 'native' && scheme !== 'tcp')
    problem(`--transport native serves tcp:// only; ${scheme}:// stays on the js transport (use auto or js)`);
  if (scheme === 'udp' && isIPv4(host) && (settings.maxDatagramSize ?? 0) > UDP_MAX_PAYLOAD.IPv4)
    problem(`maxDatagramSize must be at most ${UDP_MAX_PAYLOAD.IPv4} bytes on IPv4`);
  return { url, handlers, settings };
}

/** The parsed URL, or undefined after reporting why it is not one (BAD_URL's message). */
function endpointOf(url: string, problem: (message: string) => void): Endpoint | undefined {
  try {
    return parseEndpoint(url);
  } catch (err) {
    problem((err as Error).message);
    return undefined;
  }
}
