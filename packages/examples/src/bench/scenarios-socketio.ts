import { spawnSync } from 'node:child_process';
import { cLoadgen } from './loadgen/c-loadgen.js';
import type { Scenario, ServerSpec } from './scenarios.js';

/**
 * Switchboard against what Node teams use to scale a chat across processes: Socket.IO with
 * @socket.io/redis-adapter. Each side is two server processes on one Redis (127.0.0.1:6379, a
 * channel of their own), 100 WebSocket receivers spread over both, one sender on the first; the
 * C broadcast load generator speaks each side's framing (Socket.IO packets, plain WebSocket).
 */
const SOCKET_IO: ServerSpec = {
  label: 'socket.io + redis-adapter',
  script: 'redis-pair.js',
  args: ['--kind', 'socketio'],
  load: { protocol: 'socketio' },
};
const SWITCHBOARD_REDIS: ServerSpec = {
  label: 'switchboard',
  script: 'redis-pair.js',
  args: ['--kind', 'switchboard'],
  load: { protocol: 'ws' },
};

/** 100 receivers, one message per WebSocket frame, at most 64 messages ahead of the slowest receiver. */
const LOAD = { receivers: 100, window: 64, burst: 1 };

/** Why these scenarios cannot run here: no Redis on 127.0.0.1:6379, or no C compiler for their load. */
function socketIoSkip(): string | undefined {
  const built = cLoadgen('broadcast-loadgen');
  if ('missing' in built) return `the C broadcast load generator cannot be built (${built.missing})`;
  return redisReachable() ? undefined : 'no Redis answers PING on 127.0.0.1:6379';
}

/** PING on 127.0.0.1:6379 from a child process (the scenario list is built synchronously), 2 s at most. */
function redisReachable(): boolean {
  const probe = `const s = require('node:net').connect(6379, '127.0.0.1', () => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(d.toString().startsWith('+PONG') ? 0 : 1));
    s.on('error', () => process.exit(1));
    setTimeout(() => process.exit(1), 1500);`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 2000 }).status === 0;
}

export function socketIoScenarios(): Scenario[] {
  const common = {
    kind: 'ws-broadcast' as const,
    workers: 1,
    baseline: SOCKET_IO,
    candidate: SWITCHBOARD_REDIS,
    skip: socketIoSkip,
    cLoad: 'broadcast' as const,
  };
  return [
    {
      ...common,
      name: 'socketio-redis-1to100-at500',
      title:
        'Two processes on one Redis, 1 sender to 100 WebSocket receivers at 500 messages/s: Socket.IO + redis-adapter vs switchboard serve --redis (server CPU-s per 100k deliveries)',
      load: { ...LOAD, messagesPerSecond: 500 },
      metrics: ['cpuPer100k', 'serverCpu', 'p50', 'p99', 'rate', 'loadCpu', 'otherCpu'],
      targets: [{ metric: 'cpuPer100k', ratio: 0.5 }],
    },
    {
      ...common,
      name: 'socketio-redis-1to100-max',
      title:
        'Two processes on one Redis, 1 sender to 100 WebSocket receivers as fast as the slowest receiver keeps up, 64 messages ahead at most (deliveries/s with the servers saturated)',
      load: LOAD,
      metrics: ['rate', 'efficiency', 'serverCpu', 'p50', 'p99', 'loadCpu', 'otherCpu'],
      targets: [],
    },
    {
      ...common,
      name: 'socketio-redis-1to100-top',
      title:
        'Two processes on one Redis, 1 sender to 100 WebSocket receivers: the top rate kept, found by a ramp from 200 messages/s in steps of 1 s and x1.15 (deliveries/s; messages/s is 1/100 of it)',
      // Up to 256 messages ahead, so that only a saturated server (not the window) slows the sender.
      load: { ...LOAD, window: 256, rampFrom: 200 },
      metrics: ['rate', 'p50', 'p99', 'serverCpu', 'loadCpu', 'otherCpu'],
      targets: [{ metric: 'rate', ratio: 2 }],
    },
  ];
}
