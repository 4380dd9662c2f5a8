import { spawn } from 'node:child_process';
import type { Reactor } from '@switchboard/core';
import { HOST } from './server-control.js';

/** The CLI's own exporter modules (built), so that the bench measures what `serve --metrics` runs. */
const cliMetrics = (file: string): string => new URL(`../../../../cli/dist/metrics/${file}`, import.meta.url).href;

/**
 * A scraper like an operator's Prometheus: GET the metrics once a second (node:http, lighter than
 * loading fetch's client into it); it exits when its stdin closes.
 */
const SCRAPER = `
const http = require('node:http');
const url = process.argv[1];
setInterval(() => http.get(url, (res) => res.resume()).on('error', () => {}), 1000);
process.stdin.on('close', () => process.exit(0)).resume();
`;

/**
 * `switchboard.js --metrics`: the reactor's metrics registered as the CLI does (call before
 * `listen`), served on a loopback port and scraped every second by a child process, whose CPU the
 * bench counts with the server's. Returns what stops both.
 */
export async function exportMetrics(reactor: Reactor): Promise<() => void> {
  const { processRegistry } = (await import(cliMetrics('process-registry.js'))) as {
    processRegistry(): unknown;
  };
  const { registerReactorMetrics } = (await import(cliMetrics('reactor-metrics.js'))) as {
    registerReactorMetrics(reactor: Reactor, registry: unknown): void;
  };
  const { MetricsServer } = (await import(cliMetrics('metrics-server.js'))) as {
    MetricsServer: { start(url: string, source: unknown): Promise<{ url: string; close(): Promise<void> }> };
  };
  const registry = processRegistry();
  registerReactorMetrics(reactor, registry);
  const server = await MetricsServer.start(`http://${HOST}:0/metrics`, registry);
  const scraper = spawn(process.execPath, ['-e', SCRAPER, server.url], { stdio: ['pipe', 'ignore', 'ignore'] });
  return () => {
    scraper.kill();
    void server.close();
  };
}
