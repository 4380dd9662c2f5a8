import { expect, it } from 'vitest';
import { SwitchboardError, type ErrorCode } from '../errors.js';
import { closeCodeFor, closeTextFor, trimUtf8 } from './ws-close.js';

const failing = (code: ErrorCode, message = 'why') => ({ error: new SwitchboardError(code, message) });

it('maps close reasons to WebSocket close codes', () => {
  expect(closeCodeFor(undefined)).toBe(1000);
  expect(closeCodeFor({ notice: 'bye' })).toBe(1000);
  expect(closeCodeFor({ shutdown: true })).toBe(1001);
  expect(closeCodeFor(failing('PAYLOAD_TOO_LARGE'))).toBe(1009);
  expect(closeCodeFor(failing('FRAME_TOO_LONG'))).toBe(1009);
  expect(closeCodeFor(failing('MAX_CONNECTIONS'))).toBe(1013);
  expect(closeCodeFor(failing('HANDLER_FAILED'))).toBe(1011);
  expect(closeCodeFor(failing('REACTOR_CLOSED'))).toBe(1001);
  expect(closeCodeFor(failing('IDLE_TIMEOUT'))).toBe(1008);
  expect(closeCodeFor(failing('SLOW_CONSUMER'))).toBe(1008);
});

it('names the error code in the reason, hides handler internals, fits 123 bytes', () => {
  expect(closeTextFor(failing('IDLE_TIMEOUT', 'No traffic'))).toBe('IDLE_TIMEOUT No traffic');
  expect(closeTextFor(failing('HANDLER_FAILED', 'db password wrong'))).toBe('HANDLER_FAILED internal error');
  expect(Buffer.byteLength(closeTextFor(failing('MAX_CONNECTIONS', 'x'.repeat(500))))).toBe(123);
});

it('trims UTF-8 on character boundaries', () => {
  expect(trimUtf8('ab', 123)).toBe('ab');
  expect(trimUtf8('€€€', 7)).toBe('€€');
  expect(trimUtf8('a😀b', 4)).toBe('a');
  expect(trimUtf8('a😀b', 5)).toBe('a😀');
});
