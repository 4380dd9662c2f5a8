import { handler, type Handler, type HandlerContext } from '@switchboard/core';

/** Answers each line with `You said '<line>'.`; the line `quit` closes the connection. */
@handler('talkback', { scope: 'listener', framing: 'lines' })
export class TalkbackHandler implements Handler<string | Uint8Array> {
  onMessage(ctx: HandlerContext, msg: string | Uint8Array): void {
    const line = (typeof msg === 'string' ? msg : Buffer.from(msg).toString('utf8')).trim();
    if (line === 'quit') {
      ctx.close();
      return;
    }
    ctx.write(`You said '${line}'.`);
  }
}
