import { handler, registerHandler, type Handler, type HandlerContext } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';

/** For the log-forging test: fails on every message with an error that quotes the client's text. */
@handler('quote-and-fail', { scope: 'listener', framing: 'lines' })
export class QuoteAndFailHandler implements Handler<string> {
  onMessage(_ctx: HandlerContext, line: string): void {
    throw new Error(`cannot handle "${line}"`);
  }
}

/** What `switchboard serve --plugin …` calls. */
export function register(container: DependencyContainer): void {
  registerHandler(container, QuoteAndFailHandler);
}
