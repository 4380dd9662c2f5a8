// @switchboard/native: tcp:// on a readiness loop in a C++ addon, handlers in TypeScript.
export {
  createNativeTransport,
  nativeStatus,
  NativeTransport,
  type NativeTransportOptions,
} from './native-transport.js';
export { createDirectSend } from './direct-send.js';
