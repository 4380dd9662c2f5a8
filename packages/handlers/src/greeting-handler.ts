import { handler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject } from 'tsyringe';
import { GREETING_OPTIONS, type GreetingOptions } from './tokens.js';

/** Sends a welcome banner on connect; messages pass on to the next handler untouched. */
@handler('greeting', { scope: 'listener', options: GREETING_OPTIONS })
export class GreetingHandler implements Handler {
  constructor(@inject(GREETING_OPTIONS) private readonly options: GreetingOptions) {}

  onOpen(ctx: HandlerContext): void {
    ctx.channel.notice(this.options.text);
  }
}
