export { decodeBackplaneMessage, encodeBackplaneMessage } from './backplane-codec.js';
export { redactUrl } from './redact-url.js';
export { RedisBackplane, type RedisBackplaneOptions, type RedisBackplaneStats } from './redis-backplane.js';
export { REDIS_BACKPLANE_DEFAULTS } from './redis-backplane-options.js';
export { registerRedisBackplane } from './register-redis-backplane.js';
