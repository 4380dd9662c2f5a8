import type { FailureReport } from '../report-failure.js';

/**
 * Broadcasts of one turn, between a worker and the primary (either way): `items` is flat, room then
 * payload, so that a batch is one array (text already escaped by the sender's handler; bytes as Buffers).
 */
export interface RelayMessage {
  readonly type: 'relay';
  /** The publishing hub's origin id. */
  readonly origin: string;
  readonly items: readonly (string | Uint8Array)[];
}

/** What a worker tells the primary. */
export type WorkerMessage =
  | { readonly type: 'listening'; readonly urls: readonly string[] }
  | ({ readonly type: 'failed' } & FailureReport)
  | RelayMessage;

/** What the primary tells a worker. */
export type PrimaryMessage = { readonly type: 'shutdown' } | RelayMessage;

/** Whether an IPC message is one of ours, of this type. */
export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}
