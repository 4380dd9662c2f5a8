import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SwitchboardError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import { RefusalLog } from './refusal-log.js';

const lines: string[] = [];
const logger: Logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (msg) => lines.push(msg) };
const full = new SwitchboardError('MAX_CONNECTIONS', 'Server is full');

beforeEach(() => {
  lines.length = 0;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it('logs the first refusals of each second and counts the rest in one line', () => {
  const log = new RefusalLog(logger);
  for (let i = 0; i < 1000; i++) log.refused(`127.0.0.1:${i}`, full);
  expect(lines).toHaveLength(20);
  expect(lines[0]).toBe('refused 127.0.0.1:0: Server is full');
  // The flood stops: the summary still comes.
  vi.advanceTimersByTime(1000);
  expect(lines).toHaveLength(21);
  expect(lines[20]).toBe('refused 980 more connections (MAX_CONNECTIONS) without a line each');
  // A new second gets its own lines again.
  log.refused('127.0.0.2:1', full);
  expect(lines.at(-1)).toBe('refused 127.0.0.2:1: Server is full');
});

it('says nothing more when every refusal had its line', () => {
  const log = new RefusalLog(logger);
  for (let i = 0; i < 5; i++) log.refused(`127.0.0.1:${i}`, full);
  vi.advanceTimersByTime(5000);
  expect(lines).toHaveLength(5);
});
