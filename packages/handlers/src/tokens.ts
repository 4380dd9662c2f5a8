import { AttributeKey } from '@switchboard/core';
import type { InjectionToken } from 'tsyringe';

/** Options for GreetingHandler. */
export interface GreetingOptions {
  /** The banner each client gets on connect. */
  readonly text: string;
}

export const GREETING_OPTIONS: InjectionToken<GreetingOptions> = Symbol('switchboard.GreetingOptions');

/** Options for BroadcastHandler. */
export interface BroadcastHandlerOptions {
  /** The Hub room this listener's connections join and talk in (default `lobby`, core's DEFAULT_ROOM). */
  readonly room: string;
}

export const BROADCAST_OPTIONS: InjectionToken<BroadcastHandlerOptions> = Symbol('switchboard.BroadcastOptions');

/**
 * The room a connection talks in, when a handler moved it out of its listener's room (the chat's
 * `/join`); BroadcastHandler relays there. Unset: the listener's room.
 */
export const ROOM = new AttributeKey<string>('switchboard.room');

/** True on every chain it may lead (echo, talkback, broadcast): it promises no command. */
export const DEFAULT_GREETING = 'Welcome to Switchboard! Type a line and press Enter.';

/** A connection's chat name, if it chose one; broadcasts use it instead of address:port. */
export const DISPLAY_NAME = new AttributeKey<string>('switchboard.displayName');
