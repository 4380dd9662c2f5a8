import type { DirectSend } from '@switchboard/core';
import { parseEndpoint } from '@switchboard/core/transport';
import type { ListenerPlan } from './serve-options.js';

/**
 * The addon's `DirectSend` (broadcasts, and on tcp:// plain writes of bytes, sent straight to the
 * descriptors of node:net and ws sockets) when a listener could use it: ws://, or tcp:// on the js
 * transport. Undefined where
 * the addon is not available: those listeners write as ever, with no notice (nothing is lost but
 * speed). Imported from the CLI's own installation, and only the addon's loader, not the native
 * transport.
 */
export async function loadDirectSend(
  listeners: readonly ListenerPlan[],
  transports: readonly string[],
): Promise<DirectSend | undefined> {
  const wanted = listeners.some((plan, i) => {
    const scheme = schemeOf(plan.url);
    return scheme === 'ws' || (scheme === 'tcp' && transports[i] === 'js');
  });
  if (!wanted) return undefined;
  try {
    const { createDirectSend } = (await import('@switchboard/native/direct-send')) as {
      createDirectSend?: () => DirectSend | undefined;
    };
    return typeof createDirectSend === 'function' ? createDirectSend() : undefined;
  } catch {
    return undefined;
  }
}

function schemeOf(url: string): string | undefined {
  try {
    return parseEndpoint(url).scheme;
  } catch {
    return undefined;
  }
}
