import type { DependencyContainer } from 'tsyringe';
import { UsageError } from '../usage-error.js';
import { importModule } from './import-module.js';

type Register = (container: DependencyContainer) => unknown;

/**
 * Loads each `--plugin` module and lets it register its handlers (and their services) in
 * `container`, through `register(container)` or `registerHandlers(container)`. Runs before any
 * listener is created, so that the listeners can name the plugin's handlers.
 */
export async function loadPlugins(
  container: DependencyContainer,
  specs: readonly string[],
  cwd = process.cwd(),
): Promise<void> {
  for (const spec of specs) {
    let module: Record<string, unknown>;
    try {
      module = await importModule(spec, cwd);
    } catch (err) {
      throw new UsageError(`Cannot load plugin "${spec}": ${(err as Error).message}`);
    }
    const register = pickRegister(module);
    if (!register) {
      throw new UsageError(`Plugin "${spec}" exports neither register(container) nor registerHandlers(container)`);
    }
    await register(container);
  }
}

function pickRegister(module: Record<string, unknown>): Register | undefined {
  const fallback = module.default as Record<string, unknown> | undefined;
  for (const candidate of [module.register, module.registerHandlers, fallback?.register, fallback?.registerHandlers]) {
    if (typeof candidate === 'function') return candidate as Register;
  }
  return undefined;
}
