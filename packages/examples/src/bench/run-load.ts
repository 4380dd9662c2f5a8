import type { ChildProcess } from 'node:child_process';
import { benchScript } from './dist-path.js';
import { onLines, spawnNode, spawnPinned, stopChild } from './child-processes.js';
import type { LoadConfig, LoadResult } from './load/load-main.js';

const LOAD_CPU = 0;

/** Hooks called as the load process reaches each phase. */
export interface LoadHooks {
  onMeasureStart?(): void;
  onMeasureEnd?(): void;
}

/** How the C load generator knows a reply is complete: after N bytes, or at each newline. */
export type ReplyFraming = { readonly bytes: number } | 'lines';

/** What a scenario's C load is: request/response with a reply framing, or broadcast fan-out (broadcast-loadgen.c). */
export type CLoad = ReplyFraming | 'broadcast';

/** Runs the JS load generator process (pinned to core 0) once; resolves with its result. */
export async function runLoad(config: LoadConfig, hooks: LoadHooks = {}): Promise<LoadResult> {
  const script = benchScript('./load/load-main.js');
  return resultOf(spawnNode(LOAD_CPU, [script, JSON.stringify(config)]), config, hooks);
}

/** Runs the C load generator (loadgen/loadgen.c, pinned to core 0) once for a TCP request/response load. */
export async function runCLoad(
  binary: string,
  config: LoadConfig,
  reply: ReplyFraming,
  hooks: LoadHooks = {},
): Promise<LoadResult> {
  const { load } = config;
  const args = {
    host: config.host,
    port: config.port,
    connections: load['connections'],
    pipeline: load['pipeline'],
    request: load['request'],
    warmup: config.warmup,
    duration: config.duration,
    ...(reply === 'lines' ? { 'reply-lines': 1 } : { 'reply-bytes': reply.bytes }),
  };
  const argv = Object.entries(args).flatMap(([key, value]) => [`--${key}`, String(value)]);
  return resultOf(spawnPinned(LOAD_CPU, binary, argv), config, hooks);
}

/**
 * Runs the C broadcast load generator (loadgen/broadcast-loadgen.c, pinned to core 0) once: one
 * sender, `receivers` receivers spread over `ports` (the server's port when absent).
 */
export async function runCBroadcastLoad(
  binary: string,
  config: LoadConfig,
  hooks: LoadHooks = {},
): Promise<LoadResult> {
  const { load } = config;
  const args = {
    host: config.host,
    ports: (config.ports ?? [config.port]).join(','),
    receivers: load['receivers'],
    protocol: load['protocol'] ?? 'lines',
    window: load['window'],
    burst: load['burst'],
    rate: messagesPerSecond(load),
    warmup: config.warmup,
    duration: config.duration,
    // A search for the top rate instead of a fixed window (see `ramp` in broadcast-loadgen.c).
    ...(load['rampFrom'] !== undefined ? { 'ramp-from': load['rampFrom'] } : {}),
  };
  const argv = Object.entries(args).flatMap(([key, value]) => [`--${key}`, String(value)]);
  return resultOf(spawnPinned(LOAD_CPU, binary, argv), config, hooks);
}

/** The sender's fixed rate: deliveriesPerSecond / receivers, or messagesPerSecond; 0 is as fast as the window allows. */
function messagesPerSecond(load: LoadConfig['load']): number {
  if (load['deliveriesPerSecond'] !== undefined) return Number(load['deliveriesPerSecond']) / Number(load['receivers']);
  return Number(load['messagesPerSecond'] ?? 0);
}

/** Both generators speak one protocol on stdout: measure-start, measure-end, `result {json}`. */
async function resultOf(child: ChildProcess, config: LoadConfig, hooks: LoadHooks): Promise<LoadResult> {
  const limitMs = (config.warmup + config.duration) * 1000 + 90_000;
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load generator took over ${limitMs} ms`)), limitMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`load generator exited (${code}) without a result`));
      });
      onLines(child, (line) => {
        if (line === 'measure-start') hooks.onMeasureStart?.();
        else if (line === 'measure-end') hooks.onMeasureEnd?.();
        else if (line.startsWith('result ')) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice('result '.length)) as LoadResult);
        }
      });
    });
  } finally {
    await stopChild(child, 3000);
  }
}
