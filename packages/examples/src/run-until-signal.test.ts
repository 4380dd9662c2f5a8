import { eventually } from '@switchboard/core/testing';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { runUntilSignal } from './run-until-signal.js';

const signals = ['SIGINT', 'SIGTERM'] as const;
let before: Map<string, unknown[]>;
beforeEach(() => {
  before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
});
afterEach(() => {
  // Remove only what runUntilSignal added: the test runner may listen for signals too.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  vi.restoreAllMocks();
});

/** Records exit codes instead of exiting the test process. */
function stubExit(): number[] {
  const codes: number[] = [];
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => void codes.push(code ?? 0)) as never);
  return codes;
}

it('closes the app on SIGTERM and exits 0', async () => {
  const codes = stubExit();
  const close = vi.fn(() => Promise.resolve());
  await runUntilSignal(() => Promise.resolve({ close }));
  process.emit('SIGTERM');
  await eventually(() => codes.length > 0, 1000);
  expect(close).toHaveBeenCalledOnce();
  expect(codes).toEqual([0]);
});

it('prints the message and exits 1 when closing fails', async () => {
  const codes = stubExit();
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  await runUntilSignal(() => Promise.resolve({ close: () => Promise.reject(new Error('flush failed')) }));
  process.emit('SIGTERM');
  await eventually(() => codes.length > 0, 1000);
  expect(errors).toHaveBeenCalledWith('flush failed');
  expect(codes).toEqual([1]);
});
