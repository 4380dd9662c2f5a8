import { TestChannel } from '@switchboard/core/testing';
import { container, type DependencyContainer } from 'tsyringe';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerHandlers } from './register-handlers.js';
import { DEFAULT_GREETING, GREETING_OPTIONS } from './tokens.js';

let di: DependencyContainer;
beforeEach(() => {
  di = container.createChildContainer();
  registerHandlers(di);
});

describe('GreetingHandler', () => {
  it('sends the default banner on connect, as a line (it declares line framing)', async () => {
    const ch = await TestChannel.create(['greeting'], { container: di });
    expect(ch.codec.name).toBe('lines');
    expect(ch.writtenBytes().toString()).toBe(`${DEFAULT_GREETING}\n`);
  });

  it('takes its text from the listener handlerOptions', async () => {
    const ch = await TestChannel.create(['greeting'], {
      container: di,
      options: { handlerOptions: { greeting: { text: 'Hi from this listener' } } },
    });
    expect(ch.written()).toEqual(['Hi from this listener']);
  });

  it('uses the GREETING_OPTIONS it is given', async () => {
    const ch = await TestChannel.create(['greeting'], {
      container: di,
      overrides: [[GREETING_OPTIONS, { text: 'Howdy' }]],
    });
    expect(ch.written()).toEqual(['Howdy']);
  });

  it('passes messages on: greeting then talkback answers after the banner', async () => {
    const ch = await TestChannel.create(['greeting', 'talkback'], { container: di });
    ch.receiveBytes('hi\n');
    expect(ch.written()).toEqual([DEFAULT_GREETING, "You said 'hi'."]);
  });

  it('on its own writes nothing but the banner', async () => {
    const ch = await TestChannel.create(['greeting'], { container: di, options: { codec: 'lines' } });
    ch.receiveBytes('hello?\n');
    expect(ch.written()).toEqual([DEFAULT_GREETING]);
    expect(ch.isOpen).toBe(true);
  });

  it('on WebSocket the banner is one text message', async () => {
    const ch = await TestChannel.create(['greeting'], { container: di, url: 'ws://127.0.0.1:8080/chat' });
    expect(ch.written()).toEqual([DEFAULT_GREETING]);
  });
});
