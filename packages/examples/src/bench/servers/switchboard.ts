import 'reflect-metadata';
import { Reactor } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { createNativeTransport, nativeStatus } from '@switchboard/native';
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
const native = process.argv.includes('--transport') ? createNativeTransport() : undefined;
if (process.argv.includes('--transport') && !native) {
  console.error(`--transport native: the addon is not available (${nativeStatus().reason})`);
  process.exit(2);
}
const reactor = new Reactor({ container: scope, maxConnections: 20_000, transports: native ? [native] : [] });
const listener = reactor.listen(`${mode.scheme}://${HOST}:0${mode.scheme === 'ws' ? '/' : ''}`, [mode.handler], {
  backlog: 4096,
  heartbeatMs: 0,
});
await reactor.start();
announce(listener.port, () => reactor.removeAllListeners());
