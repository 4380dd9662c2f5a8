import { fileURLToPath } from 'node:url';
import { handlerRegistryOf } from '@switchboard/core';
import { registerHandlers } from '@switchboard/handlers';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { loadPlugins, PLUGIN_TIMEOUT_ENV, pluginTimeoutMs } from './load-plugins.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test-fixtures/${name}.ts`, import.meta.url));

/** Loads plugins into a fresh app container holding the built-in handlers, as runServe does. */
async function load(names: string[], timeoutMs = 10_000) {
  const app = container.createChildContainer();
  registerHandlers(app);
  await loadPlugins(app, names.map(fixture), process.cwd(), timeoutMs);
  return handlerRegistryOf(app);
}

describe('loadPlugins', () => {
  it("registers a plugin's handlers, and the same plugin twice changes nothing", async () => {
    const registry = await load(['shout-plugin', 'shout-plugin']);
    expect(registry.names()).toContain('shout');
  });

  it('refuses a handler that takes a built-in name, naming both the built-in and the plugin', async () => {
    const failure = load(['echo-clash-plugin']);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(
      /^Plugin ".*echo-clash-plugin\.ts" failed to register: Handler "echo" is already registered by EchoHandler; plugin ".*echo-clash-plugin\.ts" \(LoudEchoHandler\) cannot take the name$/,
    );
  });

  it('names the plugin whose register throws, in one line', async () => {
    await expect(load(['throwing-plugin'])).rejects.toThrow(
      /^Plugin ".*throwing-plugin\.ts" failed to register: licence server unreachable$/,
    );
  });

  it('gives up on a register that never settles', async () => {
    await expect(load(['never-settles-plugin'], 50)).rejects.toThrow(
      /^Plugin ".*never-settles-plugin\.ts" did not finish loading and registering within 50 ms/,
    );
  });

  it(`reads the timeout from ${PLUGIN_TIMEOUT_ENV}, within what a timer holds`, () => {
    expect(pluginTimeoutMs({})).toBe(10_000);
    expect(pluginTimeoutMs({ [PLUGIN_TIMEOUT_ENV]: '250' })).toBe(250);
    expect(() => pluginTimeoutMs({ [PLUGIN_TIMEOUT_ENV]: '0' })).toThrow(UsageError);
    expect(() => pluginTimeoutMs({ [PLUGIN_TIMEOUT_ENV]: String(2 ** 31) })).toThrow(/at most 2147483647 ms/);
  });
});
