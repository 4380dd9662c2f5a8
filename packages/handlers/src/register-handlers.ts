import { DEFAULT_ROOM, registerHandler } from '@switchboard/core';
import type { DependencyContainer } from 'tsyringe';
import { BroadcastHandler } from './broadcast-handler.js';
import { EchoHandler } from './echo-handler.js';
import { GreetingHandler } from './greeting-handler.js';
import { TalkbackHandler } from './talkback-handler.js';
import { BROADCAST_OPTIONS, DEFAULT_GREETING, GREETING_OPTIONS } from './tokens.js';

/** The standard handlers, by name: echo, talkback, greeting, broadcast. */
export const STANDARD_HANDLERS = [EchoHandler, TalkbackHandler, GreetingHandler, BroadcastHandler] as const;

/**
 * Registers the standard handlers and their default options in `container`. Register your own
 * GREETING_OPTIONS or BROADCAST_OPTIONS (before or after) to change the banner or the room.
 */
export function registerHandlers(container: DependencyContainer): void {
  registerHandler(container, ...STANDARD_HANDLERS);
  if (!container.isRegistered(GREETING_OPTIONS, true))
    container.registerInstance(GREETING_OPTIONS, { text: DEFAULT_GREETING });
  if (!container.isRegistered(BROADCAST_OPTIONS, true))
    container.registerInstance(BROADCAST_OPTIONS, { room: DEFAULT_ROOM });
}
