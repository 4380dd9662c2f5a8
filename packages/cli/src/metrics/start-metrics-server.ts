import type { Logger } from '@switchboard/core';
import { MetricsServer, type MetricsSource } from './metrics-server.js';

/** Binds `--metrics` and prints `metrics URL` with the real port, as `listening URL` does. */
export async function startMetricsServer(url: string, source: MetricsSource, logger: Logger): Promise<MetricsServer> {
  const server = await MetricsServer.start(url, source);
  logger.info(`metrics ${server.url}`);
  return server;
}
