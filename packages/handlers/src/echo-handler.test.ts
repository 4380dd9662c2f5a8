import { TestChannel } from '@switchboard/core/testing';
import { describe, expect, it } from 'vitest';
import { EchoHandler } from './echo-handler.js';

// EchoHandler over a TestChannel: no sockets, the listener's codec as the reactor picks it.
describe('EchoHandler', () => {
  it('on a raw listener returns every byte unchanged and in order', async () => {
    const ch = await TestChannel.create([EchoHandler]);
    const bytes = Buffer.from([0, 1, 0xff, 0x0a, 0x0d, 0x80]);
    ch.receiveBytes(bytes).receiveBytes('and text\n');
    expect(ch.codec.name).toBe('raw');
    expect(ch.writtenBytes()).toEqual(Buffer.concat([bytes, Buffer.from('and text\n')]));
  });

  it('on a lines listener echoes each line, framed again', async () => {
    const ch = await TestChannel.create([EchoHandler], { options: { codec: 'lines' } });
    ch.receiveBytes('one\r\ntw').receiveBytes('o\n');
    expect(ch.written()).toEqual(['one', 'two']);
    expect(ch.writtenBytes().toString()).toBe('one\ntwo\n');
  });

  it('on WebSocket keeps text as text and binary as binary', async () => {
    const ch = await TestChannel.create([EchoHandler], { url: 'ws://127.0.0.1:8080/echo' });
    ch.receive('text', Buffer.from([1, 2]));
    expect(ch.written()).toEqual(['text', Buffer.from([1, 2])]);
  });

  it('stops reading while the peer does not keep up, and catches up after', async () => {
    const ch = await TestChannel.create([EchoHandler]);
    ch.setWritable(false).receiveBytes('a');
    expect(ch.isPaused).toBe(true);
    // Held by the paused channel: not echoed, not queued for the slow peer.
    ch.receiveBytes('b');
    expect(ch.writtenBytes().toString()).toBe('a');
    ch.setWritable(true);
    expect(ch.isPaused).toBe(false);
    expect(ch.writtenBytes().toString()).toBe('ab');
  });

  it('after the peer half-closes, finishes writing, then ends its side and closes', async () => {
    const ch = await TestChannel.create([EchoHandler]);
    ch.receiveBytes('last').peerEnd();
    expect(ch.writtenBytes().toString()).toBe('last');
    expect(ch.ended).toBe(true);
    expect(ch.closed).toBe(true);
    expect(ch.errors).toEqual([]);
  });

  it('an idle peer is failed with IDLE_TIMEOUT (echo has no onIdle), and a raw peer is sent no ERROR bytes', async () => {
    const ch = await TestChannel.create([EchoHandler], { options: { idleTimeout: 60_000 } });
    ch.idle();
    expect(ch.errors.map((e) => e.code)).toEqual(['IDLE_TIMEOUT']);
    expect(ch.writtenBytes()).toHaveLength(0);
    expect(ch.closed).toBe(true);
  });
});
