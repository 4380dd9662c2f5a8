import type { FailureReport } from '../report-failure.js';

/** What a worker tells the primary. */
export type WorkerMessage =
  { readonly type: 'listening'; readonly urls: readonly string[] } | ({ readonly type: 'failed' } & FailureReport);

/** What the primary tells a worker. */
export type PrimaryMessage = { readonly type: 'shutdown' };

/** Whether an IPC message is one of ours, of this type. */
export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}
