import { handlerRegistryOf } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container as rootContainer } from 'tsyringe';
import type { ConfigIssue } from '../config/config-error.js';
import { nearestName } from '../config/edit-distance.js';
import { toListenOptions } from '../serve/listen-options.js';
import { loadPlugins } from '../serve/load-plugins.js';
import type { ServeOptions } from '../serve/serve-options.js';

/** What `check` found beyond the schema: mistakes, and notes on what it could not check. */
export interface ListenerCheck {
  readonly issues: ConfigIssue[];
  readonly notes: string[];
}

/**
 * The checks `serve` would make only while starting, made without binding: each handler name
 * is registered (built in, or, with `loadPlugins`, by the plugins), and each PEM file reads.
 * Without `loadPlugins` a plugin's handler names cannot be known: they are noted, not refused.
 */
export async function checkListeners(options: ServeOptions, withPlugins: boolean): Promise<ListenerCheck> {
  const app = rootContainer.createChildContainer();
  registerHandlers(app);
  if (withPlugins) await loadPlugins(app, options.plugins);
  const registry = handlerRegistryOf(app);
  const known = registry.names();
  const issues: ConfigIssue[] = [];
  const unchecked = new Set<string>();
  const trustPlugins = !withPlugins && options.plugins.length > 0;
  for (const [i, plan] of options.listeners.entries()) {
    for (const name of plan.handlers) {
      if (registry.find(name) !== undefined) continue;
      if (trustPlugins) unchecked.add(name);
      else issues.push({ path: plan.url, message: unknownHandler(name, known) });
    }
    await toListenOptions(plan.settings, app).catch((err: Error) =>
      issues.push({ path: `${plan.url} (listener ${i + 1})`, message: err.message }),
    );
  }
  const notes =
    unchecked.size === 0
      ? []
      : [
          `handler ${[...unchecked].map((name) => `"${name}"`).join(', ')} not built in: left to the plugins, ` +
            'which check does not import (add --load-plugins to import them and check the names)',
        ];
  return { issues, notes };
}

function unknownHandler(name: string, known: readonly string[]): string {
  const nearest = nearestName(name, known);
  const hint = nearest === undefined ? `registered: ${known.join(', ')}` : `did you mean "${nearest}"?`;
  return `unknown handler "${name}" (${hint})`;
}
