import { HUB, visibleText } from '@switchboard/core';
import { TestChannel, type TestChannelOptions } from '@switchboard/core/testing';
import { container, type DependencyContainer } from 'tsyringe';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerHandlers } from './register-handlers.js';
import { DISPLAY_NAME, ROOM } from './tokens.js';

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

  it('names the sender by the name it has at each line: a rename between two lines shows at once', async () => {
    const [alice, bob] = [await join(), await join()];
    alice.receive('first');
    DISPLAY_NAME.set(alice.connection, 'alice');
    alice.receive('second');
    DISPLAY_NAME.set(alice.connection, 'al');
    alice.receive('third');
    DISPLAY_NAME.delete(alice.connection);
    alice.receive('fourth');
    expect(bob.written()).toEqual([
      `[${alice.connection.peer}] first`,
      '[alice] second',
      '[al] third',
      `[${alice.connection.peer}] fourth`,
    ]);
  });

  it('shows controls in a display name escaped, on every line, as in the line itself', async () => {
    const [alice, bob] = [await join(), await join()];
    DISPLAY_NAME.set(alice.connection, 'eve\n[bob]\u202e');
    alice.receive('one\rtwo');
    alice.receive('\u200dthree');
    expect(bob.written()).toEqual(['[eve\\n[bob]\\u202e] one\\rtwo', '[eve\\n[bob]\\u202e] \\u200dthree']);
  });

  it('escapes name and line apart exactly as it would escape the whole `[name] line`', async () => {
    const [alice, bob] = [await join(), await join()];
    // Joiners and surrogates at the edges: the cases where a neighbour decides.
    const lines = [
      '',
      'x',
      '\u200d',
      '\u200c',
      'می\u200cخواهم',
      '👩\u200d💻',
      '\u0628\u200d',
      '\u{e0041}',
      '\t',
      '\x85',
    ];
    // A name is whatever a handler set, lone surrogates too; a line arrives as decoded UTF-8.
    const names = [...lines.slice(1), '\ud83d', '\udc69'];
    const expected: string[] = [];
    for (const name of names) {
      DISPLAY_NAME.set(alice.connection, name);
      for (const line of lines) {
        alice.receive(line);
        // As it goes on the wire (a lone surrogate as U+FFFD).
        expected.push(Buffer.from(visibleText(`[${name}] ${line}`)).toString());
      }
    }
    expect(bob.written()).toEqual(expected);
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

  it("talks in its listener's room: two rooms do not hear each other", async () => {
    const red = { options: { handlerOptions: { broadcast: { room: 'red' } } } };
    const [alice, bob, carol] = [await join(red), await join(red), await join()];
    expect(di.resolve(HUB).rooms()).toEqual(
      new Map([
        ['red', 2],
        ['lobby', 1],
      ]),
    );
    alice.receive('for red');
    carol.receive('for the lobby');
    expect(bob.written()).toEqual([`[${alice.connection.peer}] for red`]);
    expect(carol.written()).toEqual([]);
    expect(alice.written()).toEqual([]);
    bob.reset();
    expect(di.resolve(HUB).members('red').size).toBe(1);
  });

  it('talks in the room the connection is in at each line: a move between two lines shows at once', async () => {
    const [alice, bob, carol] = [await join(), await join(), await join()];
    alice.receive('in the lobby');
    ROOM.set(alice.connection, 'blue');
    di.resolve(HUB).join(carol.connection, 'blue');
    alice.receive('in blue');
    expect(bob.written()).toEqual([`[${alice.connection.peer}] in the lobby`]);
    expect(carol.written()).toEqual([`[${alice.connection.peer}] in the lobby`, `[${alice.connection.peer}] in blue`]);
  });

  it('talks in the room a handler moved the connection to (ROOM)', async () => {
    const [alice, bob] = [await join(), await join()];
    ROOM.set(alice.connection, 'blue');
    alice.receive('anyone in blue?');
    expect(bob.written()).toEqual([]);
    expect(di.resolve(HUB).broadcast('to lobby', { room: 'lobby' })).toBe(2);
  });

  it('refuses an empty room (BAD_OPTION)', async () => {
    await expect(join({ options: { handlerOptions: { broadcast: { room: '' } } } })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
  });

  it('under slowConsumer drop, skips a member that stops reading, keeps it, and it catches up when it reads', async () => {
    const policy = { maxBufferedBytes: 64, slowConsumer: 'drop' } as const;
    const [alice, slow, bob] = [await join(), await join({ options: policy }), await join()];
    slow.setWritable(false);
    for (let i = 0; i < 10; i++) alice.receive(`line ${i}`);
    expect(slow.errors).toEqual([]);
    expect(slow.closed).toBe(false);
    expect(bob.written()).toHaveLength(10);
    slow.setWritable(true);
    alice.receive('caught up');
    // What was queued before it passed 64 bytes, then nothing until it read, then the next line.
    const got = slow.written();
    const kept = got.length - 1;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(10);
    expect(got).toEqual([...bob.written().slice(0, kept), `[${alice.connection.peer}] caught up`]);
    expect(slow.channel.config.slowConsumerCounts).toEqual({ drops: 10 - kept, disconnects: 0 });
  });
});
