import type { ListenerStats, Reactor, ReactorStats } from '@switchboard/core';
import { Counter, Gauge, type Registry } from 'prom-client';
import { registerBackplaneMetrics } from './backplane-metrics.js';
import { registerHandlerTimeMetric } from './handler-time-metric.js';
import { registerRunningTotal } from './running-total.js';

type ListenerTotal = keyof Pick<
  ListenerStats,
  'bytesIn' | 'bytesOut' | 'messagesIn' | 'messagesOut' | 'backpressureStalls'
>;

/** Running totals `stats()` keeps per listener, as Prometheus counters. */
const PER_LISTENER: { name: string; help: string; field: ListenerTotal }[] = [
  { name: 'switchboard_received_bytes_total', help: 'Bytes received, per listener', field: 'bytesIn' },
  { name: 'switchboard_sent_bytes_total', help: 'Bytes sent, per listener', field: 'bytesOut' },
  {
    name: 'switchboard_messages_received_total',
    help: 'Messages handed to the handlers (lines, frames, WebSocket messages, datagrams), per listener',
    field: 'messagesIn',
  },
  {
    name: 'switchboard_messages_sent_total',
    help: 'Messages queued for peers (writes, broadcasts, notices), per listener',
    field: 'messagesOut',
  },
  {
    name: 'switchboard_backpressure_stalls_total',
    help: 'Times a write found its peer not keeping up (one per stall, until it drained), per listener',
    field: 'backpressureStalls',
  },
];

/**
 * Registers a reactor's metrics on `registry`. Connection counts follow the reactor's lifecycle
 * events (one per connection, none per message); bytes, messages, stalls, open connections,
 * slow-consumer counts and handler time are read from `reactor.stats()` when scraped (core
 * keeps them as plain integers per connection), and the backplane's counters from its `stats()`.
 */
export function registerReactorMetrics(reactor: Reactor, registry: Registry): void {
  const stats = oncePerScrape(() => reactor.stats());
  const registers = [registry];
  const accepted = new Counter({
    name: 'switchboard_connections_accepted_total',
    help: 'Connections accepted, per listener',
    labelNames: ['listener'],
    registers,
  });
  const closed = new Counter({
    name: 'switchboard_connections_closed_total',
    help: 'Connections closed, for any reason, per listener',
    labelNames: ['listener'],
    registers,
  });
  const refused = new Counter({
    name: 'switchboard_connections_refused_total',
    help: 'Connections refused (MAX_CONNECTIONS, ACCEPT_RATE_PER_IP, shutting down, …), per listener and code',
    labelNames: ['listener', 'code'],
    registers,
  });
  const errors = new Counter({
    name: 'switchboard_errors_total',
    help: 'Connection and listener errors, per error code',
    labelNames: ['code'],
    registers,
  });
  new Gauge({
    name: 'switchboard_connections_open',
    help: 'Connections open now, per listener',
    labelNames: ['listener'],
    registers,
    collect() {
      for (const listener of stats().listeners) this.set({ listener: listener.url }, listener.connections);
    },
  });
  for (const { name, help, field } of PER_LISTENER) perListenerTotal(registry, name, help, stats, field);
  registerHandlerTimeMetric(registry, () => stats().listeners);
  registerBackplaneMetrics(registry, reactor.container);
  registerRunningTotal(
    registry,
    'switchboard_slow_consumer_drops_total',
    'Messages skipped for peers over maxBufferedBytes (slowConsumer: drop)',
    () => stats().slowConsumerDrops,
  );
  registerRunningTotal(
    registry,
    'switchboard_slow_consumer_disconnects_total',
    'Peers closed with SLOW_CONSUMER',
    () => stats().slowConsumerDisconnects,
  );

  reactor.on('listening', ({ url }) => {
    // Zero series from the start, so that rate() sees the first connection.
    accepted.inc({ listener: url }, 0);
    closed.inc({ listener: url }, 0);
  });
  reactor.on('connection', (connection) => accepted.inc({ listener: connection.url }));
  reactor.on('close', (connection) => closed.inc({ listener: connection.url }));
  reactor.on('refused', ({ url, error }) => refused.inc({ listener: url, code: error.code }));
  reactor.on('error', (err) => errors.inc({ code: err.code }));
}

function perListenerTotal(
  registry: Registry,
  name: string,
  help: string,
  stats: () => ReactorStats,
  field: ListenerTotal,
): void {
  new Counter({
    name,
    help,
    labelNames: ['listener'],
    registers: [registry],
    collect() {
      this.reset();
      for (const listener of stats().listeners) this.inc({ listener: listener.url }, listener[field]);
    },
  });
}

/** One `stats()` walk per scrape: every collect of a scrape starts in the same turn of the event loop. */
function oncePerScrape(read: () => ReactorStats): () => ReactorStats {
  let cached: ReactorStats | undefined;
  return () => {
    if (cached === undefined) {
      cached = read();
      setImmediate(() => (cached = undefined));
    }
    return cached;
  };
}
