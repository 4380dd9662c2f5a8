import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { handler } from './handler-decorator.js';
import { handlerRegistryOf, registerHandler } from './handler-registry.js';
import type { Handler } from './handler.js';

@handler('echo')
class BuiltInEcho implements Handler {}

@handler('echo')
class PluginEcho implements Handler {}

describe('HandlerRegistry names', () => {
  it('refuses a second class under a taken name, naming both', () => {
    const app = container.createChildContainer();
    registerHandler(app, BuiltInEcho);
    handlerRegistryOf(app).source = 'plugin "./loud.js"';
    expect(() => registerHandler(app, PluginEcho)).toThrow(
      expect.objectContaining({
        code: 'BAD_OPTION',
        message:
          'Handler "echo" is already registered by BuiltInEcho; plugin "./loud.js" (PluginEcho) cannot take the name',
      }),
    );
    expect(handlerRegistryOf(app).get('echo').type).toBe(BuiltInEcho);
  });

  it('names the first source when it was given', () => {
    const app = container.createChildContainer();
    const registry = handlerRegistryOf(app);
    registry.source = 'plugin "a"';
    registerHandler(app, BuiltInEcho);
    registry.source = 'plugin "b"';
    expect(() => registerHandler(app, PluginEcho)).toThrow(/by plugin "a" \(BuiltInEcho\); plugin "b" \(PluginEcho\)/);
  });

  it('lets the same class be registered twice, and a child container shadow a name', () => {
    const app = container.createChildContainer();
    registerHandler(app, BuiltInEcho);
    registerHandler(app, BuiltInEcho);
    const listener = app.createChildContainer();
    registerHandler(listener, PluginEcho);
    expect(handlerRegistryOf(listener).get('echo').type).toBe(PluginEcho);
    expect(handlerRegistryOf(app).get('echo').type).toBe(BuiltInEcho);
  });
});
