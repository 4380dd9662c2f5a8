export { decodeBackplaneMessage, encodeBackplaneMessage } from './backplane-codec.js';
export { RedisBackplane, type RedisBackplaneOptions } from './redis-backplane.js';
export { registerRedisBackplane } from './register-redis-backplane.js';
