export { createChannelPair, type ChannelPair, type ChannelPairOptions } from './channel-pair.js';
export { LineClient, type ClientTarget } from './line-client.js';
export { WsClient, type WsClosed } from './ws-client.js';
export { MessageRecorder } from './message-recorder.js';
export { eventually } from './eventually.js';
export { createSelfSignedCertificate, hasOpenssl, OPENSSL, type TestCertificate } from './self-signed-certificate.js';
