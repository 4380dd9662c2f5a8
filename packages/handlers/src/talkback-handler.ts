import { handler, type Handler, type HandlerContext } from '@switchboard/core';

/**
 * Answers each line with `You said '<line>'.`; the line `quit` closes the connection. An answer is
 * longer than a short line, so when the peer stops reading, talkback stops reading too (as echo does)
 * rather than queueing answers until the peer is dropped as a slow consumer.
 */
@handler('talkback', { scope: 'listener', framing: 'lines' })
export class TalkbackHandler implements Handler<string> {
  onMessage(ctx: HandlerContext, msg: string): void {
    const line = msg.trim();
    if (line === 'quit') {
      ctx.close();
      return;
    }
    if (!ctx.write(`You said '${line}'.`)) ctx.connection.pause();
  }

  onWritable(ctx: HandlerContext): void {
    ctx.connection.resume();
  }
}
