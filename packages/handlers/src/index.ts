export { BroadcastHandler, displayName, roomOf } from './broadcast-handler.js';
export { EchoHandler } from './echo-handler.js';
export { GreetingHandler } from './greeting-handler.js';
export { registerHandlers, STANDARD_HANDLERS } from './register-handlers.js';
export { TalkbackHandler } from './talkback-handler.js';
export {
  BROADCAST_OPTIONS,
  DEFAULT_GREETING,
  DISPLAY_NAME,
  GREETING_OPTIONS,
  ROOM,
  type BroadcastHandlerOptions,
  type GreetingOptions,
} from './tokens.js';
