import { handlerRegistryOf, registerCoreServices } from '@switchboard/core';
import { createChannelPair, MessageRecorder } from '@switchboard/core/testing';
import { container, type DependencyContainer } from 'tsyringe';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerHandlers, STANDARD_HANDLERS } from './index.js';
import { DEFAULT_GREETING, GREETING_OPTIONS } from './tokens.js';

// Handler behaviour over an in-memory channel pair: no sockets, same pipeline and codecs.
let di: DependencyContainer;
beforeEach(() => {
  di = container.createChildContainer();
  registerHandlers(di);
});

describe('standard handlers in memory', () => {
  it('talkback answers each line, trimmed, and closes on quit', async () => {
    const recorder = new MessageRecorder();
    const { client } = createChannelPair(['talkback'], [recorder], { container: di });
    client.write('  hello  ');
    client.write('quit');
    expect(await recorder.next()).toBe("You said 'hello'.");
    await recorder.waitForClose();
    expect(recorder.messages).toHaveLength(1);
  });

  it('greeting sends the banner first, then talkback answers', async () => {
    const recorder = new MessageRecorder();
    const { client } = createChannelPair(['greeting', 'talkback'], [recorder], { container: di });
    expect(await recorder.next()).toBe(DEFAULT_GREETING);
    client.write('hi');
    expect(await recorder.next()).toBe("You said 'hi'.");
  });

  it('greeting uses the GREETING_OPTIONS of the container', async () => {
    const custom = di.createChildContainer();
    custom.registerInstance(GREETING_OPTIONS, { text: 'Howdy' });
    const recorder = new MessageRecorder();
    createChannelPair(['greeting', 'talkback'], [recorder], { container: custom });
    expect(await recorder.next()).toBe('Howdy');
  });

  it('echo returns bytes unchanged and ends after the peer ends', async () => {
    const recorder = new MessageRecorder();
    const { client } = createChannelPair(['echo'], [recorder], { container: di });
    const bytes = Buffer.from([0, 1, 0xff, 0x0a, 0x0d]);
    client.write(bytes);
    client.end();
    expect(Buffer.from((await recorder.next()) as Buffer)).toEqual(bytes);
    await recorder.waitForClose();
  });

  it('a line over the limit fails the server channel with LINE_TOO_LONG', async () => {
    const recorder = new MessageRecorder();
    const { client, errors } = createChannelPair(['talkback'], [recorder], { container: di, maxLineLength: 8 });
    client.write('x'.repeat(9));
    expect(await recorder.next()).toMatch(/^ERROR LINE_TOO_LONG /);
    await recorder.waitForClose();
    expect(errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
  });
});

describe('registerHandlers', () => {
  it('registers every standard handler so that it resolves from a container', () => {
    // What the Reactor gives its container; a handler missing an @inject fails here.
    registerCoreServices(di);
    for (const type of STANDARD_HANDLERS) expect(di.resolve<object>(type)).toBeInstanceOf(type);
    const registry = handlerRegistryOf(di);
    expect(registry.names()).toEqual(['broadcast', 'echo', 'greeting', 'talkback']);
    for (const name of registry.names()) {
      const { type } = registry.get(name);
      expect(di.resolve(type), name).toBeInstanceOf(type);
    }
  });

  it('registers the standard handlers under their names', () => {
    const recorder = new MessageRecorder();
    for (const name of ['echo', 'talkback', 'greeting', 'broadcast']) {
      expect(() => createChannelPair([name], [recorder], { container: di })).not.toThrow();
    }
  });
});
