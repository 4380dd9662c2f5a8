import { TestChannel } from '@switchboard/core/testing';
import { describe, expect, it } from 'vitest';
import { TalkbackHandler } from './talkback-handler.js';

describe('TalkbackHandler', () => {
  it('declares line framing and answers each line, trimmed, LF or CRLF', async () => {
    const ch = await TestChannel.create([TalkbackHandler]);
    ch.receiveBytes('  hello  \r\nwor').receiveBytes('ld\n');
    expect(ch.codec.name).toBe('lines');
    expect(ch.written()).toEqual(["You said 'hello'.", "You said 'world'."]);
  });

  it('closes on quit, answering nothing after it', async () => {
    const ch = await TestChannel.create([TalkbackHandler]);
    ch.receiveBytes('hi\nquit\nstill there?\n');
    expect(ch.written()).toEqual(["You said 'hi'."]);
    expect(ch.closed).toBe(true);
    expect(ch.errors).toEqual([]);
  });

  it('answers WebSocket text messages, and fails a binary one with PROTOCOL_ERROR (lines are text)', async () => {
    const ch = await TestChannel.create([TalkbackHandler], { url: 'ws://127.0.0.1:8080/talk' });
    ch.receive(' héllo ').receive(Buffer.from('bytes'));
    expect(ch.written()).toEqual(["You said 'héllo'."]);
    expect(ch.errors.map((e) => e.code)).toEqual(['PROTOCOL_ERROR']);
    expect(ch.closed).toBe(true);
  });

  it('a line over maxLineLength fails the channel with LINE_TOO_LONG, told to the peer', async () => {
    const ch = await TestChannel.create([TalkbackHandler], { options: { maxLineLength: 8 } });
    ch.receiveBytes('12345678\n123456789\n');
    expect(ch.written()).toEqual([
      "You said '12345678'.",
      'ERROR LINE_TOO_LONG Line of 9 bytes or more exceeds the limit of 8 bytes',
    ]);
    expect(ch.errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(ch.closed).toBe(true);
  });

  it('stops reading while the peer does not keep up, and resumes on onWritable', async () => {
    const ch = await TestChannel.create([TalkbackHandler]);
    ch.setWritable(false).receiveBytes('a\n');
    expect(ch.isPaused).toBe(true);
    ch.receiveBytes('b\n');
    expect(ch.written()).toEqual(["You said 'a'."]);
    ch.setWritable(true);
    expect(ch.written()).toEqual(["You said 'a'.", "You said 'b'."]);
  });

  it('on shutdown the peer gets the goodbye line last', async () => {
    const ch = await TestChannel.create([TalkbackHandler]);
    ch.receive('hi').shutdown('Bye for now');
    expect(ch.written()).toEqual(["You said 'hi'.", 'Bye for now']);
    expect(ch.closeReason?.shutdown).toBe(true);
    expect(ch.closed).toBe(true);
  });
});
