import { handlerRegistryOf, Reactor, silentLogger, type Logger } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { connectRedis } from './connect-redis.js';
import { joinClusterBackplane } from './join-cluster-backplane.js';
import { loadDirectSend } from './load-direct-send.js';
import { toListenOptions } from './listen-options.js';
import { loadPlugins } from './load-plugins.js';
import { fallbackNotice, planTransports } from './plan-transports.js';
import type { ServeOptions } from './serve-options.js';

/** Where `runServe` logs and which container it builds on. */
export interface ServeEnvironment {
  logger?: Logger;
  /** The parent of the server's container (default: tsyringe's root). */
  container?: DependencyContainer;
  /** Where relative plugin paths are resolved (default: the working directory). */
  cwd?: string;
  /** Called with the reactor before it listens, so that metrics see every event. */
  observe?: (reactor: Reactor) => void;
  /** Whether to log why `auto` tcp:// listeners stay on js (default true; a cluster's primary logs it once instead). */
  reportFallback?: boolean;
}

/** A server `runServe` started. */
export interface RunningServer {
  readonly reactor: Reactor;
  /** The listeners' URLs, with real ports. */
  readonly urls: readonly string[];
  /** Graceful shutdown: goodbye line to every client, wait up to `graceMs`, then close. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts what `switchboard serve` describes, in this process: the standard handlers, the plugins,
 * one listener per plan. Rejects (after cleaning up) with a UsageError or core's SwitchboardError.
 */
export async function runServe(options: ServeOptions, env: ServeEnvironment = {}): Promise<RunningServer> {
  const logger = env.logger ?? silentLogger;
  const transports = await planTransports(options.listeners);
  if (transports.fallback !== undefined && env.reportFallback !== false)
    logger.info(fallbackNotice(transports.fallback));
  const app = (env.container ?? rootContainer).createChildContainer();
  // Named, so that a plugin reusing a built-in's name is told whose name it is.
  const registry = handlerRegistryOf(app);
  registry.source = 'built-in';
  registerHandlers(app);
  registry.source = undefined;
  // --redis reaches every process and machine; without it, --workers share broadcasts through the primary.
  const backplane =
    options.redis === undefined
      ? options.workers > 1
        ? joinClusterBackplane(app, logger)
        : undefined
      : await connectRedis(app, { url: options.redis, channel: options.redisChannel }, logger);
  // --workers: each worker binds its own socket on the shared port (SO_REUSEPORT) and has its own epoll set.
  const native = transports.createNative?.({ reusePort: options.workers > 1 });
  // Broadcasts to ws:// and js tcp:// members go straight to their sockets where the addon loaded.
  const directSend = await loadDirectSend(options.listeners, transports.names);
  const reactor = new Reactor({
    container: app,
    logger,
    // --metrics also times the handlers (two clock reads per message); without it nothing is timed.
    measureHandlerTime: options.metrics !== undefined,
    transports: native ? [native] : [],
    directSend,
  });
  env.observe?.(reactor);
  const close = async (graceMs = options.graceMs) => {
    await reactor.close({ graceMs });
    await backplane?.close();
  };
  try {
    await loadPlugins(app, options.plugins, env.cwd);
    for (const [i, plan] of options.listeners.entries()) {
      const listenOptions = await toListenOptions(plan.settings, app);
      reactor.listen(plan.url, plan.handlers, { ...listenOptions, transport: transports.names[i] });
    }
  } catch (err) {
    await backplane?.close();
    throw err;
  }
  // Some listeners may have bound before one failed: let go of them before reporting.
  await reactor.start().catch(async (err: unknown) => {
    await close(0);
    throw err;
  });
  const urls = reactor.listening.map((listener) => listener.url);
  for (const [i, url] of urls.entries()) logger.info(`${url} served by the ${transports.names[i]} transport`);
  return { reactor, urls, close };
}
