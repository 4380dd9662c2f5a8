export { LineClient, type ClientTarget } from './line-client.js';
