import { handlerRegistryOf, MAX_TIMER_MS } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { UsageError } from '../usage-error.js';
import { integerInRange } from './check-values.js';
import { importModule } from './import-module.js';

type Register = (container: DependencyContainer) => unknown;

/** Sets how long one plugin may take to import and register, in ms (default 10 s). */
export const PLUGIN_TIMEOUT_ENV = 'SWITCHBOARD_PLUGIN_TIMEOUT_MS';
const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;

/**
 * Loads each `--plugin` module and lets it register its handlers (and their services) in
 * `container`, through `register(container)` or `registerHandlers(container)`. Runs before any
 * listener is created, so that the listeners can name the plugin's handlers. Every failure is one
 * UsageError line naming the plugin: an import that fails, no register export, a register that
 * throws, rejects, takes a built-in's handler name, or does not settle within the timeout.
 */
export async function loadPlugins(
  container: DependencyContainer,
  specs: readonly string[],
  cwd = process.cwd(),
  timeoutMs = pluginTimeoutMs(),
): Promise<void> {
  const registry = handlerRegistryOf(container);
  for (const spec of specs) {
    // Handler-name clashes then name this plugin as the newcomer, and later ones name it as the owner.
    registry.source = `plugin "${spec}"`;
    try {
      await withinTimeout(loadPlugin(container, spec, cwd), timeoutMs, spec);
    } finally {
      registry.source = undefined;
    }
  }
}

/** The timeout from SWITCHBOARD_PLUGIN_TIMEOUT_MS, else 10 s. */
export function pluginTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[PLUGIN_TIMEOUT_ENV];
  return value === undefined
    ? DEFAULT_PLUGIN_TIMEOUT_MS
    : integerInRange(1, MAX_TIMER_MS, PLUGIN_TIMEOUT_ENV, value, ' ms');
}

async function loadPlugin(container: DependencyContainer, spec: string, cwd: string): Promise<void> {
  let module: Record<string, unknown>;
  try {
    module = await importModule(spec, cwd);
  } catch (err) {
    throw new UsageError(`Cannot load plugin "${spec}": ${reason(err)}`);
  }
  const register = pickRegister(module);
  if (!register) {
    throw new UsageError(`Plugin "${spec}" exports neither register(container) nor registerHandlers(container)`);
  }
  try {
    await register(container);
  } catch (err) {
    throw new UsageError(`Plugin "${spec}" failed to register: ${reason(err)}`);
  }
}

/** Rejects after `ms`; the timer is not unref'd, so that a plugin that never settles cannot end the process silently. */
async function withinTimeout(work: Promise<void>, ms: number, spec: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const message = `Plugin "${spec}" did not finish loading and registering within ${ms} ms (${PLUGIN_TIMEOUT_ENV} sets the limit)`;
    timer = setTimeout(() => reject(new UsageError(message)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function pickRegister(module: Record<string, unknown>): Register | undefined {
  const fallback = module.default as Record<string, unknown> | undefined;
  for (const candidate of [module.register, module.registerHandlers, fallback?.register, fallback?.registerHandlers]) {
    if (typeof candidate === 'function') return candidate as Register;
  }
  return undefined;
}

/** The first line of what was thrown: the report is one line, whatever a plugin throws. */
function reason(err: unknown): string {
  let text: string;
  try {
    text = err instanceof Error ? String(err.message) : String(err);
  } catch {
    text = ''; // a thrown value whose message or toString() throws too
  }
  return text.split('\n', 1)[0]!.trim() || 'no message';
}
