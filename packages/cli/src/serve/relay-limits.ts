/** Bounds of the embedded backplane's IPC relay, per direction and per worker. */
export interface RelayLimits {
  /** Broadcast bytes handed to one IPC channel and not yet written; past it, batches are dropped. */
  readonly maxPendingBytes: number;
  /** Batches handed to one IPC channel and not yet written; past it, batches are dropped. */
  readonly maxPendingBatches: number;
  /** A turn's batch is sent early once it holds this many bytes. */
  readonly maxBatchBytes: number;
  /** A drop episode ends, with one line counting it, after this long without a drop. */
  readonly quietMs: number;
}

/** The defaults: a stalled worker costs the primary at most about 16 MiB, never an unbounded queue. */
export const RELAY_LIMITS: RelayLimits = {
  maxPendingBytes: 16 * 1024 * 1024,
  maxPendingBatches: 10_000,
  maxBatchBytes: 1024 * 1024,
  quietMs: 2000,
};

/**
 * About the bytes a batch costs on the IPC channel: text counts one per UTF-16 unit (V8's
 * serializer writes Latin-1 strings a byte a character), bytes count as they are.
 */
export function relayBytes(items: readonly (string | Uint8Array)[]): number {
  let bytes = 0;
  for (const item of items) bytes += item.length;
  return bytes;
}
