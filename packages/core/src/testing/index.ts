export { createChannelPair, type ChannelPair, type ChannelPairOptions } from './channel-pair.js';
export { LineClient, type ClientTarget } from './line-client.js';
export { WsClient, type WsClosed } from './ws-client.js';
export { MessageRecorder } from './message-recorder.js';
export { TestChannel } from './test-channel.js';
export type { Override, TestChannelOptions } from './test-channel-options.js';
export type { TestLink, WrittenChunk } from './test-link.js';
export { eventually } from './eventually.js';
export { createSelfSignedCertificate, hasOpenssl, OPENSSL, type TestCertificate } from './self-signed-certificate.js';
