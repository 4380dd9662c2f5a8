import { LIMIT_MAXIMUMS, MAX_TIMER_MS } from '@switchboard/core';

/** One `serve` flag: how parseArgs reads it and how `serve --help` describes it. */
export interface ServeFlag {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in the help (`URL`, `N`). */
  readonly value?: string;
  /** The config key (core's name) the flag sets; flags without one steer the command itself. */
  readonly key?: string;
  readonly help: string;
}

/** Every flag of `switchboard serve`, in the order `--help` lists them. */
export const SERVE_FLAGS = {
  listen: {
    type: 'string',
    multiple: true,
    value: 'URL',
    help: 'listen on URL: tcp://host:port, tls://, unix:///path.sock, ws://host:port/path, wss://, udp://host:port (repeatable; port 0 picks one)',
  },
  handler: {
    key: 'handlers',
    type: 'string',
    multiple: true,
    value: 'a,b,c',
    help: 'handler chain for the --listen URLs, in order: echo, talkback, greeting, broadcast, or a plugin handler',
  },
  'max-connections': {
    key: 'maxConnections',
    type: 'string',
    value: 'N',
    help: 'open connections per listener; the next client gets ERROR MAX_CONNECTIONS',
  },
  'max-connections-per-ip': {
    key: 'maxConnectionsPerIp',
    type: 'string',
    value: 'N',
    help: 'open connections per listener from one address; the next gets ERROR MAX_CONNECTIONS_PER_IP (default 0: no limit)',
  },
  'accept-rate-per-ip': {
    key: 'acceptRatePerIp',
    type: 'string',
    value: 'N',
    help: 'new connections per second from one address; faster ones get ERROR ACCEPT_RATE_PER_IP (default 0: no limit)',
  },
  'accept-burst-per-ip': {
    key: 'acceptBurstPerIp',
    type: 'string',
    value: 'N',
    help: 'connections one address may open at once before --accept-rate-per-ip applies (default: the rate)',
  },
  'handshake-timeout': {
    key: 'handshakeTimeout',
    type: 'string',
    value: 'MS',
    help: 'drop a connection whose TLS handshake or WebSocket upgrade takes longer than MS (default 10000)',
  },
  'idle-timeout': {
    key: 'idleTimeout',
    type: 'string',
    value: 'MS',
    help: `close a connection after MS without traffic (0: never, the default; at most ${MAX_TIMER_MS})`,
  },
  'max-line': {
    key: 'maxLineLength',
    type: 'string',
    value: 'BYTES',
    help: `longest line; a longer one gets ERROR LINE_TOO_LONG (default 65536; at most ${LIMIT_MAXIMUMS.maxLineLength})`,
  },
  codec: {
    key: 'codec',
    type: 'string',
    value: 'raw|lines|length-prefixed',
    help: 'framing on tcp, tls and unix listeners (default: the one the handlers declare, else raw)',
  },
  'max-frame': {
    key: 'maxFrameLength',
    type: 'string',
    value: 'BYTES',
    help: `largest length-prefixed frame; a larger one gets FRAME_TOO_LONG (default 1048576; at most ${LIMIT_MAXIMUMS.maxFrameLength})`,
  },
  'line-ending': {
    key: 'lineEnding',
    type: 'string',
    value: 'lf|crlf',
    help: 'what ends each line the server writes on line protocols (default lf)',
  },
  notices: {
    key: 'notices',
    type: 'string',
    value: 'on|off',
    help: 'one-line ERROR and goodbye notices to clients (default: on for line protocols, off for raw, length-prefixed, WebSocket)',
  },
  'max-payload': {
    key: 'maxPayload',
    type: 'string',
    value: 'BYTES',
    help: `largest WebSocket message (default 1048576; at most ${LIMIT_MAXIMUMS.maxPayload})`,
  },
  heartbeat: {
    key: 'heartbeatMs',
    type: 'string',
    value: 'MS',
    help: `WebSocket ping interval; a client that misses a pong is dropped (default 30000; 0: off; at most ${MAX_TIMER_MS})`,
  },
  'max-datagram': {
    key: 'maxDatagramSize',
    type: 'string',
    value: 'BYTES',
    help: 'largest UDP datagram payload either way (default and most: 65507 on IPv4; 65527 on IPv6)',
  },
  'max-buffered': {
    key: 'maxBufferedBytes',
    type: 'string',
    value: 'BYTES',
    help: `bytes queued for a client that does not read before --slow-consumer applies (default 8388608)`,
  },
  'slow-consumer': {
    key: 'slowConsumer',
    type: 'string',
    value: 'disconnect|drop',
    help: 'a client over --max-buffered: disconnect it (SLOW_CONSUMER, the default) or drop messages to it until it reads',
  },
  grace: {
    key: 'graceMs',
    type: 'string',
    value: 'MS',
    help: `on SIGINT/SIGTERM, wait up to MS for clients to finish (default 3000; at most ${MAX_TIMER_MS})`,
  },
  greeting: { key: 'greeting', type: 'string', value: 'TEXT', help: 'banner the greeting handler sends on connect' },
  room: {
    key: 'room',
    type: 'string',
    value: 'NAME',
    help: 'the room the broadcast handler joins and talks in (default lobby)',
  },
  workers: {
    key: 'workers',
    type: 'string',
    value: 'N',
    help: 'run N worker processes sharing the listeners and broadcasts, replaced if they die; auto: one per core (default 1: this process; more than the cores warns)',
  },
  redis: {
    key: 'redis',
    type: 'string',
    value: 'URL',
    help: 'share broadcasts between processes through Redis (needs @switchboard/redis)',
  },
  'redis-channel': {
    key: 'redisChannel',
    type: 'string',
    value: 'NAME',
    help: 'the Redis pub/sub channel; apps sharing one Redis need different ones (default switchboard)',
  },
  metrics: {
    key: 'metrics',
    type: 'string',
    value: 'URL',
    help: 'serve Prometheus metrics at http://host:port/path, with /healthz and /readyz on the same port (port 0 picks one)',
  },
  cert: { key: 'cert', type: 'string', value: 'FILE', help: 'PEM certificate for tls:// and wss:// listeners' },
  key: { key: 'key', type: 'string', value: 'FILE', help: 'PEM private key for tls:// and wss:// listeners' },
  ca: {
    key: 'ca',
    type: 'string',
    value: 'FILE',
    help: 'PEM CA certificate: tls:// and wss:// listeners require client certificates it signed (mTLS)',
  },
  'allowed-origin': {
    key: 'allowedOrigins',
    type: 'string',
    multiple: true,
    value: 'ORIGIN',
    help: 'an origin whose pages may open WebSockets: https://app.example.com, http://host:*, * (repeatable; replaces the loopback default)',
  },
  'no-delay': { key: 'noDelay', type: 'string', value: 'on|off', help: "disable Nagle's algorithm (default on)" },
  'keep-alive': {
    key: 'keepAlive',
    type: 'string',
    value: 'MS',
    help: 'TCP keep-alive probes after MS idle (default 0: off)',
  },
  backlog: {
    key: 'backlog',
    type: 'string',
    value: 'N',
    help: 'listen backlog: connections the kernel queues before accept (default 511)',
  },
  transport: {
    key: 'transport',
    type: 'string',
    value: 'auto|js|native',
    help: "tcp:// on the native epoll transport (@switchboard/native) or node's (js); auto, the default: native where the addon loaded, else js",
  },
  plugin: {
    key: 'plugins',
    type: 'string',
    multiple: true,
    value: 'MODULE',
    help: "load a team's handlers: a module path or package exporting register(container) (repeatable)",
  },
  config: {
    type: 'string',
    value: 'FILE',
    help: 'JSON or YAML (.yaml, .yml) file with listeners, each with its own handler chain and options',
  },
  'log-format': {
    key: 'logFormat',
    type: 'string',
    value: 'plain|json',
    help: 'log lines as plain text (default) or JSON (pino)',
  },
  'log-level': {
    key: 'logLevel',
    type: 'string',
    value: 'debug|info|warn|error',
    help: 'the least severe log lines shown (default info; warn hides the connect lines)',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Record<string, ServeFlag>;

export type ServeFlagName = keyof typeof SERVE_FLAGS;
