import { Counter, type Registry } from 'prom-client';

/** A counter whose value is a running total something already keeps (the reactor, a backplane), read on scrape. */
export function registerRunningTotal(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
