import { HUB } from '@switchboard/core';
import { TestChannel, type TestChannelOptions } from '@switchboard/core/testing';
import { container, type DependencyContainer } from 'tsyringe';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerHandlers } from './register-handlers.js';
import { DISPLAY_NAME } from './tokens.js';

// Clients of one chat share a container, so they share its Hub, as a reactor's listeners do.
let di: DependencyContainer;
beforeEach(() => {
  di = container.createChildContainer();
  registerHandlers(di);
});

const join = (options: TestChannelOptions = {}) => TestChannel.create(['broadcast'], { container: di, ...options });

describe('BroadcastHandler', () => {
  it('relays a line to every other member as [peer] line, never back to the sender', async () => {
    const [alice, bob, carol] = [await join(), await join(), await join()];
    alice.receiveBytes('hello all\n');
    expect(bob.written()).toEqual([`[${alice.connection.peer}] hello all`]);
    expect(carol.written()).toEqual([`[${alice.connection.peer}] hello all`]);
    expect(alice.written()).toEqual([]);
  });

  it('names the sender by its display name when it has one', async () => {
    const [alice, bob] = [await join(), await join()];
    DISPLAY_NAME.set(alice.connection, 'alice');
    alice.receive('hi');
    expect(bob.written()).toEqual(['[alice] hi']);
  });

  it('keeps one message on one line: control and bidi characters are shown escaped', async () => {
    const [alice, bob] = [await join(), await join()];
    alice.receive('a\x1b[2Jb\u202ec');
    expect(bob.written()).toEqual([`[${alice.connection.peer}] a\\x1b[2Jb\\u202ec`]);
  });

  it('reaches a WebSocket member as one text message and a telnet member as one line', async () => {
    const [telnet, browser] = [await join(), await join({ url: 'ws://127.0.0.1:8080/chat' })];
    telnet.receiveBytes('from telnet\n');
    browser.receive('from the browser');
    expect(browser.written()).toEqual([`[${telnet.connection.peer}] from telnet`]);
    expect(telnet.writtenBytes().toString()).toBe(`[${browser.connection.peer}] from the browser\n`);
  });

  it('a member that closed has left the hub', async () => {
    const [alice, bob] = [await join(), await join()];
    expect(di.resolve(HUB).members().size).toBe(2);
    bob.reset();
    alice.receive('anyone?');
    expect(di.resolve(HUB).members().size).toBe(1);
    expect(bob.written()).toEqual([]);
  });

  it('drops a member that stops reading (SLOW_CONSUMER) while the others go on', async () => {
    const [alice, slow, bob] = [await join(), await join({ options: { maxBufferedBytes: 64 } }), await join()];
    slow.setWritable(false);
    for (let i = 0; i < 10; i++) alice.receive(`line ${i}`);
    expect(slow.errors.map((e) => e.code)).toEqual(['SLOW_CONSUMER']);
    expect(slow.closed).toBe(true);
    expect(bob.written()).toHaveLength(10);
    expect(alice.errors).toEqual([]);
  });
});
