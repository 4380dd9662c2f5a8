import { registerHandler } from '@switchboard/core';
import { Lifecycle, type DependencyContainer } from 'tsyringe';
import { RespHandler } from './resp-handler.js';
import { RespStore, type RespStoreOptions } from './resp-store.js';
import { RESP_STORE, RESP_STORE_OPTIONS } from './tokens.js';

/**
 * Registers the `resp` handler and its store (one per container, shared by every connection).
 * This is the CLI plugin entry too: `switchboard serve --plugin @switchboard/examples/resp …`.
 */
export function register(container: DependencyContainer, storeOptions: RespStoreOptions = {}): void {
  container.register(RESP_STORE_OPTIONS, { useValue: storeOptions });
  container.register(RESP_STORE, { useClass: RespStore }, { lifecycle: Lifecycle.ContainerScoped });
  registerHandler(container, RespHandler);
}
