import { Counter, type LabelValues, type Registry } from 'prom-client';

/** One series of a labelled running total: its label values, then its total. */
export type LabelledTotal<L extends string> = readonly [labels: LabelValues<L>, total: number];

/**
 * A counter whose value is a running total something already keeps (the reactor, a backplane, the
 * relay), read on scrape. With `labelNames`, `read` gives one total per series; the source must
 * keep giving a series once it appeared, or the counter would vanish and come back as a reset.
 */
export function registerRunningTotal(registry: Registry, name: string, help: string, read: () => number): void;
export function registerRunningTotal<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  read: () => Iterable<LabelledTotal<L>>,
  labelNames: readonly L[],
): void;
export function registerRunningTotal<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Iterable<LabelledTotal<L>>,
  labelNames: readonly L[] = [],
): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      const totals = read();
      if (typeof totals === 'number') this.inc(totals);
      else for (const [labels, total] of totals) this.inc(labels, total);
    },
  });
}
