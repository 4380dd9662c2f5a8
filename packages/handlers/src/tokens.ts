import { AttributeKey } from '@switchboard/core';
import type { InjectionToken } from 'tsyringe';

/** Options for GreetingHandler. */
export interface GreetingOptions {
  /** The banner each client gets on connect. */
  readonly text: string;
}

export const GREETING_OPTIONS: InjectionToken<GreetingOptions> = Symbol('switchboard.GreetingOptions');

/** True on every chain it may lead (echo, talkback, broadcast): it promises no command. */
export const DEFAULT_GREETING = 'Welcome to Switchboard! Type a line and press Enter.';

/** A connection's chat name, if it chose one; broadcasts use it instead of address:port. */
export const DISPLAY_NAME = new AttributeKey<string>('switchboard.displayName');
