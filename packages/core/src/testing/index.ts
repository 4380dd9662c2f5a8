export { createChannelPair, type ChannelPair, type ChannelPairOptions } from './channel-pair.js';
export { LineClient, type ClientTarget } from './line-client.js';
export { WsClient, type WsClosed } from './ws-client.js';
export { MessageRecorder } from './message-recorder.js';
