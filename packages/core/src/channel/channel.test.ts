import { describe, expect, it } from 'vitest';
import type { Handler, HandlerContext } from '../handler/handler.js';
import { createChannelPair } from '../testing/channel-pair.js';
import { MessageRecorder } from '../testing/message-recorder.js';

/** Answers `got <line>` and counts half-closes. */
class EndCounter implements Handler<string> {
  ends = 0;
  onMessage(ctx: HandlerContext, msg: string): void {
    ctx.write(`got ${msg}`);
  }
  onEnd(ctx: HandlerContext): void {
    this.ends++;
    ctx.end();
  }
}

describe('Channel over an in-memory pair', () => {
  it('delivers the last partial line on half-close, then tells onEnd', async () => {
    const counter = new EndCounter();
    const recorder = new MessageRecorder();
    const { client } = createChannelPair([counter], [recorder], { codec: 'lines' });
    client.writeEncoded('first\nlast');
    client.end();
    expect(await recorder.next()).toBe('got first');
    expect(await recorder.next()).toBe('got last');
    await recorder.waitForClose();
    expect(counter.ends).toBe(1);
  });

  it('a too-long last partial line fails the channel, and onEnd is not called', async () => {
    const counter = new EndCounter();
    const recorder = new MessageRecorder();
    const { client, errors } = createChannelPair([counter], [recorder], { codec: 'lines', maxLineLength: 4 });
    client.writeEncoded('12345');
    client.end();
    expect(await recorder.next()).toMatch(/^ERROR LINE_TOO_LONG /);
    await recorder.waitForClose();
    expect(errors.map((e) => e.code)).toEqual(['LINE_TOO_LONG']);
    expect(counter.ends).toBe(0);
  });

  it('ignores writes after close and reports isOpen false', async () => {
    const recorder = new MessageRecorder();
    const { server } = createChannelPair([new EndCounter()], [recorder], { codec: 'lines' });
    expect(server.isOpen).toBe(true);
    server.write('one');
    server.close();
    expect(server.isOpen).toBe(false);
    expect(server.write('two')).toBe(false);
    expect(await recorder.next()).toBe('one');
    await recorder.waitForClose();
    expect(recorder.messages).toEqual(['one']);
  });

  it('drained() resolves at once when no write was refused, and after the drain when one was', async () => {
    const recorder = new MessageRecorder();
    const { server } = createChannelPair([new EndCounter()], [recorder], { codec: 'raw' });
    expect(server.write('small')).toBe(true);
    await server.drained();
    let accepted = true;
    for (let i = 0; i < 100 && accepted; i++) accepted = server.write(Buffer.alloc(4096));
    expect(accepted).toBe(false);
    let drained = false;
    const waiting = server.drained().then(() => (drained = true));
    expect(drained).toBe(false);
    await waiting;
    expect(drained).toBe(true);
  });
});
