import { Reactor, type HandlerSpec, type ListenOptions, type ReactorOptions } from '@switchboard/core';
import { createNativeTransport } from '../native-transport.js';

/** The transports every TCP test runs on. */
export const TRANSPORTS = ['js', 'native'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export interface Served {
  reactor: Reactor;
  port: number;
  url: string;
}

/**
 * Reactors serving over one named transport (picked by the listener's `transport` option, as the
 * CLI does). Every reactor made is closed by `closeAll`.
 */
export class ServeOn {
  private readonly reactors: Reactor[] = [];

  constructor(readonly transport: TransportName) {}

  async serve(
    handlers: readonly HandlerSpec[],
    options: ListenOptions = {},
    url = 'tcp://127.0.0.1:0',
    reactorOptions: ReactorOptions = {},
  ): Promise<Served> {
    const native = createNativeTransport();
    if (this.transport === 'native' && native === undefined) throw new Error('the native addon did not load');
    const reactor = new Reactor({ ...reactorOptions, transports: native ? [native] : [] });
    this.reactors.push(reactor);
    const listener = reactor.listen(url, handlers, { ...options, transport: this.transport });
    await reactor.start();
    return { reactor, port: listener.port, url: listener.url };
  }

  async closeAll(graceMs = 50): Promise<void> {
    await Promise.all(this.reactors.splice(0).map((reactor) => reactor.close({ graceMs })));
  }
}
