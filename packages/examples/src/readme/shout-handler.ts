import { handler, type Handler, type HandlerContext } from '@switchboard/core';
import { inject, type InjectionToken } from 'tsyringe';

/** A service of your own, injected by token. */
export interface Clock {
  now(): Date;
}
export const CLOCK: InjectionToken<Clock> = Symbol('Clock');

/** Answers each line in upper case, stamped with the injected clock's time. */
@handler('shout', { framing: 'lines' })
export class ShoutHandler implements Handler<string> {
  constructor(@inject(CLOCK) private readonly clock: Clock) {}

  onMessage(ctx: HandlerContext, line: string): void {
    ctx.write(`${this.clock.now().toISOString()} ${line.toUpperCase()}`);
  }
}
