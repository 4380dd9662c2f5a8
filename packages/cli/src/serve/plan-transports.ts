import { parseEndpoint, type Transport } from '@switchboard/core/transport';
import { UsageError } from '../usage-error.js';
import type { ListenerPlan, TransportChoice } from './serve-options.js';

/**
 * What a listener uses when neither a flag nor the config file says: native for tcp:// where the
 * addon loaded, else js with one notice (docs/native-transport.md#the-default).
 */
export const DEFAULT_TRANSPORT: TransportChoice = 'auto';

/** What the CLI uses of @switchboard/native, which it loads only when a tcp:// listener may use it. */
interface NativePackage {
  createNativeTransport(options?: { reusePort?: boolean }): Transport | undefined;
  nativeStatus(): { available: boolean; reason?: string };
}

/** Each listener's transport, decided before anything binds. */
export interface TransportPlan {
  /** Per listener, in the order of the plans. */
  readonly names: readonly ('js' | 'native')[];
  /** Why `auto` tcp:// listeners stay on js: the addon's status (for the one notice). */
  readonly fallback?: string;
  /** Makes the native transport; there when some listener uses it. */
  readonly createNative?: (options: { reusePort: boolean }) => Transport;
}

/**
 * `auto` is native for tcp:// where @switchboard/native loaded its addon, else js; every other
 * scheme is js. `native` where the addon is not available is a UsageError naming why. The
 * package is imported from the CLI's own installation (a bare `import()` resolves from this
 * file), never from the working directory, as @switchboard/redis is.
 */
export async function planTransports(listeners: readonly ListenerPlan[]): Promise<TransportPlan> {
  const wanted = listeners.map((plan) => (isTcp(plan.url) ? (plan.settings.transport ?? DEFAULT_TRANSPORT) : 'js'));
  if (wanted.every((choice) => choice === 'js')) return { names: wanted.map(() => 'js') };
  const native = await loadNative();
  if ('reason' in native) {
    const required = listeners.find((_, i) => wanted[i] === 'native');
    if (required !== undefined)
      throw new UsageError(
        `--transport native for "${required.url}": the native transport is not available (${native.reason})`,
      );
    return { names: wanted.map(() => 'js'), fallback: native.reason };
  }
  return {
    names: wanted.map((choice) => (choice === 'js' ? 'js' : 'native')),
    createNative: (options) => native.createNativeTransport(options)!,
  };
}

/** The one line that says `auto` tcp:// listeners stay on js, and why (a cluster's primary prints it for every worker). */
export function fallbackNotice(reason: string): string {
  return `native transport not available (${reason}); tcp:// listeners use the js transport`;
}

async function loadNative(): Promise<NativePackage | { reason: string }> {
  let native: Partial<NativePackage>;
  try {
    native = (await import('@switchboard/native')) as Partial<NativePackage>;
  } catch {
    return { reason: '@switchboard/native is not installed' };
  }
  if (typeof native.nativeStatus !== 'function' || typeof native.createNativeTransport !== 'function')
    return { reason: '@switchboard/native without createNativeTransport()' };
  const status = native.nativeStatus();
  return status.available ? (native as NativePackage) : { reason: status.reason ?? 'the addon did not load' };
}

function isTcp(url: string): boolean {
  try {
    return parseEndpoint(url).scheme === 'tcp';
  } catch {
    return false;
  }
}
