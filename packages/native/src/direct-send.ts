import type { DirectSend } from '@switchboard/core';
import { loadNativeBinding } from './native-binding.js';

/**
 * Broadcasts below Node's streams for the sockets node:net and ws own: pass it to
 * `new Reactor({ directSend })` and a broadcast to tcp:// and ws:// members is sent to each
 * member's descriptor in one addon call, for members whose Node queue is empty. Undefined where
 * the addon is not available (see `nativeStatus()`); everything then writes as before. It loads
 * the addon only (no readiness loop, none of the native transport's modules): also importable
 * alone as `@switchboard/native/direct-send`.
 */
export function createDirectSend(): DirectSend | undefined {
  const { binding } = loadNativeBinding();
  const sendEach = binding?.sendEach;
  return typeof sendEach === 'function' ? { sendEach } : undefined;
}
