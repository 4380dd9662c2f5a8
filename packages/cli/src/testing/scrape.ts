import type { CliProcess } from './cli-process.js';

/** The `metrics URL` line of a `serve --metrics` process. */
export async function metricsUrlOf(cli: CliProcess): Promise<string> {
  return (await cli.waitForStdout(/metrics (http:\/\/\S+)/))[1]!;
}

/** GET `url`: status and body (bounded by a timeout). */
export async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

/** The value of one sample in Prometheus text (`name{a="b"} 3`), or undefined when absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const head = line.slice(0, space);
    const brace = head.indexOf('{');
    if ((brace < 0 ? head : head.slice(0, brace)) !== name) continue;
    const have = new Map([...head.slice(brace + 1).matchAll(/(?:^|,)(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => have.get(key) === value)) return Number(line.slice(space + 1));
  }
  return undefined;
}

/** The flags that serve metrics on a port of the system's choosing. */
export const METRICS_FLAGS = ['--metrics', 'http://127.0.0.1:0/metrics'];

/** Scrapes until `ready(body)` holds (at most 5 s); the last body. */
export async function scrapeUntil(metrics: string, ready: (body: string) => boolean): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { body } = await get(metrics);
    if (ready(body) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
