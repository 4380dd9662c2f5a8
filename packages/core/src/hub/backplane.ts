/** A broadcast as it travels between processes. */
export interface BackplaneMessage {
  readonly room: string;
  /** UTF-8 text or bytes, exactly as handlers passed it to `Hub.broadcast`. */
  readonly payload: string | Uint8Array;
  /** Id of the process that published it, so it does not deliver its own message twice. */
  readonly origin: string;
}

/**
 * Carries broadcasts between processes and machines. The Hub always delivers to its own
 * members directly; the backplane only reaches the others.
 */
export interface Backplane {
  /** Sends one broadcast to the other processes (arguments, not an object: nothing to allocate when alone). */
  publish(room: string, payload: string | Uint8Array, origin: string): void;
  subscribe(listener: (message: BackplaneMessage) => void): void;
  /** Stops calling a listener given to `subscribe` (a closed Hub); unknown listeners are ignored. */
  unsubscribe(listener: (message: BackplaneMessage) => void): void;
  close(): Promise<void>;
}

/** One process, nobody else to tell: the default. */
export class MemoryBackplane implements Backplane {
  publish(): void {}
  subscribe(): void {}
  unsubscribe(): void {}
  async close(): Promise<void> {}
}
