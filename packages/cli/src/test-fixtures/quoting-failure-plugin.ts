import { handler, registerHandler, type Handler, type HandlerContext } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';

/** For the log-forging test: fails on every message with an error that quotes the client's text. */
@handler('quote-and-fail', { scope: 'listener', framing: 'lines' })
export class QuoteAndFailHandler implements Handler<string | Uint8Array> {
  onMessage(_ctx: HandlerContext, msg: string | Uint8Array): void {
    const text = typeof msg === 'string' ? msg : Buffer.from(msg).toString('utf8');
    throw new Error(`cannot handle "${text}"`);
  }
}

/** What `switchboard serve --plugin …` calls. */
export function register(container: DependencyContainer): void {
  registerHandler(container, QuoteAndFailHandler);
}
