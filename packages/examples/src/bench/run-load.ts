import { benchScript } from './dist-path.js';
import { onLines, spawnNode, stopChild } from './child-processes.js';
import type { LoadConfig, LoadResult } from './load/load-main.js';

const LOAD_CPU = 0;

/** Hooks called as the load process reaches each phase. */
export interface LoadHooks {
  onMeasureStart?(): void;
  onMeasureEnd?(): void;
}

/** Runs the load generator process (pinned to core 0) once; resolves with its result. */
export async function runLoad(config: LoadConfig, hooks: LoadHooks = {}): Promise<LoadResult> {
  const script = benchScript('./load/load-main.js');
  const child = spawnNode(LOAD_CPU, [script, JSON.stringify(config)]);
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
