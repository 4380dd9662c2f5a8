import { handler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { GREETING_OPTIONS, type GreetingOptions } from './tokens.js';

/**
 * Sends a welcome banner on connect, one line of text (so it asks for line framing); messages
 * pass on to the next handler untouched.
 */
@handler('greeting', { scope: 'listener', framing: 'lines', options: GREETING_OPTIONS })
export class GreetingHandler implements Handler<string> {
  constructor(@inject(GREETING_OPTIONS) private readonly options: GreetingOptions) {}

  onOpen(ctx: HandlerContext): void {
    ctx.write(this.options.text);
  }
}
