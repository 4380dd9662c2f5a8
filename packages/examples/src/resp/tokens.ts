import type { InjectionToken } from 'tsyringe';
import type { RespStore, RespStoreOptions } from './resp-store.js';

/** The key space shared by every connection of the RESP example. */
export const RESP_STORE: InjectionToken<RespStore> = Symbol('examples.RespStore');
/** Its limits and sweep settings. */
export const RESP_STORE_OPTIONS: InjectionToken<RespStoreOptions> = Symbol('examples.RespStoreOptions');
