import { handler, type Handler, type HandlerContext } from '@switchboard/core';

/**
 * Answers each line with `You said '<line>'.`; the line `quit` closes the connection. An answer is
 * longer than a short line, so when the peer stops reading, talkback stops reading too (as echo does)
 * rather than queueing answers until the peer is dropped as a slow consumer.
 */
@handler('talkback', { scope: 'listener', framing: 'lines' })
export class TalkbackHandler implements Handler<string | Uint8Array> {
  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    const line = (typeof msg === 'string' ? msg : Buffer.from(msg).toString('utf8')).trim();
    if (line === 'quit') {
      ctx.close();
      return;
    }
    if (!ctx.write(`You said '${line}'.`)) ctx.channel.pause();
  }

  onWritable(ctx: HandlerContext): void {
    ctx.channel.resume();
  }
}
