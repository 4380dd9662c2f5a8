/** The RESP example as a library and as a CLI plugin (`register(container)`). */
export { register } from './register-resp.js';
export { RespCodec, respFraming, RESP_FRAMING } from './resp-codec.js';
export { RESP_CODEC_DEFAULTS, type RespCodecOptions } from './resp-codec-options.js';
export { RespHandler } from './resp-handler.js';
export { RespStore, type RespStoreOptions } from './resp-store.js';
export { start, type RespServerOptions } from './resp-server.js';
export { RESP_STORE, RESP_STORE_OPTIONS } from './tokens.js';
