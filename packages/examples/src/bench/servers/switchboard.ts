import 'reflect-metadata';
import { Reactor } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';
import { announce, HOST } from './server-control.js';

/**
 * Switchboard under test: a Reactor with one listener and the real handler for `--mode`
 * (echo, talkback, broadcast on TCP; ws-echo on WebSocket). maxConnections is raised above the
 * 10,000 idle connections the memory scenario holds.
 */
const MODES: Record<string, { scheme: 'tcp' | 'ws'; handler: string }> = {
  echo: { scheme: 'tcp', handler: 'echo' },
  talkback: { scheme: 'tcp', handler: 'talkback' },
  broadcast: { scheme: 'tcp', handler: 'broadcast' },
  'ws-echo': { scheme: 'ws', handler: 'echo' },
};

const modeName = process.argv[process.argv.indexOf('--mode') + 1] ?? 'echo';
const mode = MODES[modeName];
if (!mode) {
  console.error(`unknown --mode ${modeName}; one of ${Object.keys(MODES).join(', ')}`);
  process.exit(2);
}

const scope = container.createChildContainer();
registerHandlers(scope);
// Only the main entry: the transport subpath exports HttpServerPool, which would load node:http(s)
// into a TCP server that never uses them (the Reactor brings its ws transport itself).
// --transport native: tcp:// on @switchboard/native's readiness loop; a bench run never falls back quietly.
// Imported only then: @switchboard/native loads the transport subpath (node:http, https, tls) with it.
const nativeModule = process.argv.includes('--transport') ? await import('@switchboard/native') : undefined;
const native = nativeModule?.createNativeTransport();
if (nativeModule && !native) {
  console.error(`--transport native: the addon is not available (${nativeModule.nativeStatus().reason})`);
  process.exit(2);
}
// On node:net the addon sends writes to sockets with nothing queued (an echo's reply, each turn's
// broadcasts) straight to their descriptors, as `switchboard serve` does for tcp:// on js (only its
// loader: no native transport modules).
const directSend = !native ? (await import('@switchboard/native/direct-send')).createDirectSend() : undefined;
// --metrics: what `serve --metrics` adds (handler timing, the exporter), scraped once a second.
const measureHandlerTime = process.argv.includes('--metrics');
const reactor = new Reactor({
  container: scope,
  maxConnections: 20_000,
  transports: native ? [native] : [],
  directSend,
  measureHandlerTime,
});
// Imported only then, like serve --metrics: its node:child_process would otherwise load into every server.
const stopMetrics = measureHandlerTime
  ? await (await import('./metrics-exporter.js')).exportMetrics(reactor)
  : undefined;
const listener = reactor.listen(`${mode.scheme}://${HOST}:0${mode.scheme === 'ws' ? '/' : ''}`, [mode.handler], {
  backlog: 4096,
  heartbeatMs: 0,
});
await reactor.start();
announce(listener.port, () => {
  stopMetrics?.();
  reactor.removeAllListeners();
});
