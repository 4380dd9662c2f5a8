import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CLoad } from './run-load.js';
import { respBenchSkip } from './run-redis-benchmark.js';
import { socketIoScenarios } from './scenarios-socketio.js';

/** Which load worker drives a scenario. */
export type LoadKind = 'rr' | 'stream' | 'idle' | 'ws' | 'broadcast' | 'ws-broadcast' | 'redis-benchmark';

/** A server under test: a script in dist/bench/servers and its arguments. */
export interface ServerSpec {
  readonly label: string;
  readonly script: string;
  readonly args: readonly string[];
  /** What runs the script: node (dist/bench/servers/*.js, the default) or php (src/bench/servers/*.php). */
  readonly program?: 'node' | 'php';
  /** Why this server cannot run here, if it cannot (a peer is then left out, with the reason). */
  readonly unavailable?: () => string | undefined;
  /** Keys of the scenario's load replaced for this server (a server that speaks another framing). */
  readonly load?: Record<string, number | string>;
}

/** What one run measures; every run reports a number (or NaN) per key. */
export type MetricKey =
  | 'rate'
  | 'setRate'
  | 'getRate'
  | 'mbps'
  | 'p50'
  | 'p99'
  | 'p999'
  | 'rssPerConn'
  | 'heapPerConn'
  | 'established'
  | 'loadCpu'
  | 'serverCpu'
  | 'otherCpu'
  | 'efficiency'
  | 'cpuPer100k';

export interface MetricDef {
  readonly key: MetricKey;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
}

export interface Target {
  readonly metric: MetricKey;
  /** Candidate / baseline must be at least (higher is better) or at most (lower is better) this. */
  readonly ratio: number;
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly kind: LoadKind;
  readonly workers: number;
  readonly load: Record<string, number | string>;
  readonly baseline: ServerSpec;
  readonly candidate: ServerSpec;
  /** Further references measured in the same rounds: each gets its own ratio rows, no targets. */
  readonly peers?: readonly ServerSpec[];
  readonly metrics: readonly MetricKey[];
  readonly targets: readonly Target[];
  /** Why the scenario cannot run here, if it cannot. */
  readonly skip?: () => string | undefined;
  /** Set where a C load generator can drive the scenario: how it knows a reply is complete, or `broadcast`. */
  readonly cLoad?: CLoad;
}

export const METRICS: Record<MetricKey, MetricDef> = {
  rate: { key: 'rate', label: 'ops/s', unit: '/s', better: 'higher' },
  setRate: { key: 'setRate', label: 'SET req/s', unit: '/s', better: 'higher' },
  getRate: { key: 'getRate', label: 'GET req/s', unit: '/s', better: 'higher' },
  mbps: { key: 'mbps', label: 'MB/s', unit: 'MB/s', better: 'higher' },
  p50: { key: 'p50', label: 'p50', unit: 'ms', better: 'lower' },
  p99: { key: 'p99', label: 'p99', unit: 'ms', better: 'lower' },
  p999: { key: 'p999', label: 'p99.9', unit: 'ms', better: 'lower' },
  rssPerConn: { key: 'rssPerConn', label: 'RSS/conn', unit: 'KiB', better: 'lower' },
  heapPerConn: { key: 'heapPerConn', label: 'JS heap/conn', unit: 'KiB', better: 'lower' },
  established: { key: 'established', label: 'established', unit: '', better: 'higher' },
  loadCpu: { key: 'loadCpu', label: 'load CPU', unit: '%', better: 'lower' },
  serverCpu: { key: 'serverCpu', label: 'server CPU', unit: '%', better: 'lower' },
  otherCpu: { key: 'otherCpu', label: 'other CPU', unit: '%', better: 'lower' },
  efficiency: { key: 'efficiency', label: 'per server CPU-s', unit: '', better: 'higher' },
  cpuPer100k: { key: 'cpuPer100k', label: 'server CPU-s per 100k', unit: '', better: 'lower' },
};

const sb = (mode: string): ServerSpec => ({ label: 'switchboard', script: 'switchboard.js', args: ['--mode', mode] });
const raw = (label: string): ServerSpec => ({ label, script: `${label}.js`, args: [] });
/** Switchboard with tcp:// on @switchboard/native's readiness loop (the third server of echo and talkback). */
const sbNative = (mode: string): ServerSpec => ({
  label: 'switchboard-native',
  script: 'switchboard.js',
  args: ['--mode', mode, '--transport', 'native'],
});

/** Switchboard with what `serve --metrics` adds: handler timing and the exporter, scraped every second. */
const sbMetrics = (mode: string): ServerSpec => ({
  label: 'switchboard --metrics',
  script: 'switchboard.js',
  args: ['--mode', mode, '--metrics'],
});

/** The seeds' relay shape in PHP (socket_select), run by php-cli where it is installed. */
const PHP_RELAY: ServerSpec = {
  label: 'php-select-relay',
  script: 'php-select-relay.php',
  args: [],
  program: 'php',
  unavailable: () =>
    spawnSync('php', ['-r', 'exit(function_exists("socket_select") ? 0 : 1);']).status === 0
      ? undefined
      : 'php (php-cli with the sockets extension) is not installed',
};

/** The seeds' echo server in PHP (socket_select): the peer row of TCP echo. */
const PHP_ECHO: ServerSpec = { ...PHP_RELAY, label: 'php-select-echo', script: 'php-select-echo.php' };

/** `switchboard serve --workers 2 --handler broadcast`: two workers and the primary's backplane. */
const CLUSTER_2: ServerSpec = {
  label: 'switchboard --workers 2',
  script: 'switchboard-cluster.js',
  args: ['--workers', '2'],
};

/** 63 characters and a newline: a 64-byte line. */
const LINE_63 = 'x'.repeat(63);
const TALKBACK_REPLY_BYTES = Buffer.byteLength(`You said '${LINE_63}'.\n`);
const LATENCY: readonly MetricKey[] = ['rate', 'efficiency', 'p50', 'p99', 'p999', 'loadCpu', 'serverCpu', 'otherCpu'];

function wsTransportSkip(): string | undefined {
  const built = fileURLToPath(new URL('../../../core/dist/transport/ws-transport.js', import.meta.url));
  return existsSync(built)
    ? undefined
    : 'Switchboard WebSocket transport (core/src/transport/ws-transport.ts) is not built yet';
}

/** Every scenario, in the order they run. */
export function allScenarios(): Scenario[] {
  const echo = (pipeline: number): Scenario => ({
    name: `tcp-echo-64B-c100-p${pipeline}`,
    title: `TCP echo, 64 B, 100 connections, ${pipeline} in flight each (round trips/s)`,
    kind: 'rr',
    workers: 2,
    load: { connections: 100, pipeline, request: 'x'.repeat(64), responseBytes: 64 },
    baseline: raw('raw-net-echo'),
    candidate: sb('echo'),
    peers: [PHP_ECHO],
    metrics: LATENCY,
    targets: [
      { metric: 'rate', ratio: 1.0 },
      { metric: 'p99', ratio: 1.1 },
    ],
    cLoad: { bytes: 64 },
  });
  const broadcast = (receivers: number): Scenario => ({
    name: `broadcast-64B-1to${receivers}`,
    title: `Broadcast fan-out, 64 B lines in bursts of 16, 1 sender to ${receivers} receivers (deliveries/s)`,
    kind: 'broadcast',
    workers: 2,
    load: { receivers, window: 128, burst: 16, line: LINE_63 },
    baseline: raw('raw-net-broadcast-batched'),
    candidate: sb('broadcast'),
    peers: [raw('raw-net-broadcast'), PHP_RELAY, CLUSTER_2],
    metrics: ['rate', 'efficiency', 'p50', 'p99', 'loadCpu', 'serverCpu', 'otherCpu'],
    targets: [{ metric: 'rate', ratio: 0.95 }],
    cLoad: 'broadcast',
  });
  const broadcastAt = (receivers: number, deliveries: number): Scenario => ({
    name: `broadcast-64B-1to${receivers}-at${deliveries / 1000}k`,
    title: `Broadcast fan-out at a fixed ${deliveries.toLocaleString('en-US')} deliveries/s, 1 sender to ${receivers} receivers (server CPU)`,
    kind: 'broadcast',
    workers: 2,
    load: { receivers, window: 128, burst: 16, line: LINE_63, deliveriesPerSecond: deliveries },
    baseline: raw('raw-net-broadcast-batched'),
    candidate: sb('broadcast'),
    metrics: ['serverCpu', 'rate', 'p50', 'p99', 'loadCpu', 'otherCpu'],
    targets: [{ metric: 'serverCpu', ratio: 0.8 }],
    cLoad: 'broadcast',
  });
  // Fan-out on the native transport (issue 13): at the load's ceiling, at most half the relay's server CPU.
  const nativeBroadcast = (receivers: number, deliveries?: number): Scenario => {
    const js = deliveries === undefined ? broadcast(receivers) : broadcastAt(receivers, deliveries);
    return {
      ...js,
      name: `${js.name}-native`,
      title: js.title.replace('Broadcast fan-out', 'Broadcast fan-out on the native transport'),
      candidate: sbNative('broadcast'),
      peers: [sb('broadcast')],
      targets: [deliveries === undefined ? { metric: 'rate', ratio: 1.0 } : { metric: 'serverCpu', ratio: 0.5 }],
    };
  };
  // The native transport's issue targets: echo at 1.5x raw node:net or better, p99 no worse than raw.
  const nativeEcho = (pipeline: number): Scenario => ({
    ...echo(pipeline),
    name: `tcp-echo-64B-c100-p${pipeline}-native`,
    title: `TCP echo on the native transport, 64 B, 100 connections, ${pipeline} in flight each (round trips/s)`,
    candidate: sbNative('echo'),
    // js and PHP in the same rounds: native, js and PHP each against raw node:net.
    peers: [sb('echo'), PHP_ECHO],
    targets: [
      { metric: 'rate', ratio: 1.5 },
      { metric: 'p99', ratio: 1.0 },
    ],
  });
  // Issue 12: keeping count must cost at most 5% of echo throughput.
  const metricsEcho: Scenario = {
    ...echo(1),
    name: 'tcp-echo-64B-c100-p1-metrics',
    title: 'TCP echo with --metrics, scraped every second, 64 B, 100 connections, 1 in flight (round trips/s)',
    baseline: sb('echo'),
    candidate: sbMetrics('echo'),
    peers: [],
    targets: [{ metric: 'rate', ratio: 0.95 }],
  };
  return [
    echo(1),
    nativeEcho(1),
    metricsEcho,
    echo(16),
    nativeEcho(16),
    {
      name: 'tcp-stream-16KiB-c10',
      title: 'TCP echo stream, 16 KiB writes, 10 connections (MB/s echoed)',
      kind: 'stream',
      workers: 1,
      load: { connections: 10, chunkBytes: 16 * 1024 },
      baseline: raw('raw-net-echo'),
      candidate: sb('echo'),
      metrics: ['mbps', 'efficiency', 'loadCpu', 'serverCpu', 'otherCpu'],
      targets: [],
    },
    {
      name: 'tcp-idle-c10000',
      title: '10,000 idle connections held (server RSS per connection)',
      kind: 'idle',
      workers: 4,
      load: { connections: 10_000 },
      baseline: raw('raw-net-echo'),
      candidate: sb('echo'),
      metrics: ['rssPerConn', 'heapPerConn', 'established'],
      targets: [{ metric: 'rssPerConn', ratio: 1.25 }],
    },
    {
      name: 'talkback-64B-c100-p1',
      title: 'Talkback, 64 B lines, 100 connections, 1 in flight (round trips/s)',
      kind: 'rr',
      workers: 2,
      load: { connections: 100, pipeline: 1, request: `${LINE_63}\n`, responseBytes: TALKBACK_REPLY_BYTES },
      baseline: raw('raw-net-talkback'),
      candidate: sb('talkback'),
      metrics: LATENCY,
      targets: [{ metric: 'rate', ratio: 0.95 }],
      cLoad: 'lines',
    },
    {
      name: 'talkback-64B-c100-p1-native',
      title: 'Talkback on the native transport, 64 B lines, 100 connections, 1 in flight (round trips/s)',
      kind: 'rr',
      workers: 2,
      load: { connections: 100, pipeline: 1, request: `${LINE_63}\n`, responseBytes: TALKBACK_REPLY_BYTES },
      baseline: raw('raw-net-talkback'),
      candidate: sbNative('talkback'),
      metrics: LATENCY,
      targets: [{ metric: 'rate', ratio: 1.5 }],
      cLoad: 'lines',
    },
    {
      name: 'ws-echo-64B-c100-p1',
      title: 'WebSocket echo, 64 B binary messages, 100 connections, 1 in flight (round trips/s)',
      kind: 'ws',
      workers: 2,
      load: { connections: 100, pipeline: 1, messageBytes: 64 },
      baseline: raw('raw-ws-echo'),
      candidate: sb('ws-echo'),
      metrics: LATENCY,
      targets: [{ metric: 'rate', ratio: 0.95 }],
      skip: wsTransportSkip,
    },
    broadcast(100),
    broadcast(1000),
    broadcastAt(100, 100_000),
    broadcastAt(1000, 100_000),
    nativeBroadcast(100),
    nativeBroadcast(1000),
    nativeBroadcast(100, 100_000),
    nativeBroadcast(1000, 100_000),
    {
      name: 'resp-set-get-P16',
      title: 'RESP example vs redis-server: redis-benchmark -t set,get -P 16, 50 connections (requests/s)',
      kind: 'redis-benchmark',
      workers: 1,
      load: { clients: 50, pipeline: 16 },
      baseline: { label: 'redis-server', script: 'redis-server.js', args: [] },
      candidate: { label: 'switchboard', script: 'resp-example.js', args: [] },
      metrics: ['setRate', 'getRate'],
      targets: [
        { metric: 'setRate', ratio: 0.5 },
        { metric: 'getRate', ratio: 0.5 },
      ],
      skip: respBenchSkip,
    },
    ...socketIoScenarios(),
  ];
}

/** The scenarios selected by `--only`. */
export function selectScenarios(only: string | undefined): Scenario[] {
  return allScenarios().filter((s) => only === undefined || matchesOnly(s.name, only));
}

/** `--only a,b` is any of its parts; a part is a substring of the name, or the whole name with `=`. */
function matchesOnly(name: string, only: string): boolean {
  return only.split(',').some((part) => (part.startsWith('=') ? name === part.slice(1) : name.includes(part)));
}
