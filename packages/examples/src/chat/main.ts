import 'reflect-metadata';
import { createTextLogger } from '@switchboard/core';
import { runUntilSignal } from '../run-until-signal.js';
import { start } from './chat-server.js';

// `pnpm start`: telnet 127.0.0.1 5000, and http://127.0.0.1:8080/ in a browser; one room for both.
// CHAT_HOST, CHAT_TCP_PORT and CHAT_HTTP_PORT override the defaults (0 picks free ports).
const port = (value: string | undefined, fallback: number) =>
  value === undefined || value === '' ? fallback : Number(value);

await runUntilSignal(() =>
  start({
    host: process.env.CHAT_HOST || '127.0.0.1',
    tcpPort: port(process.env.CHAT_TCP_PORT, 5000),
    httpPort: port(process.env.CHAT_HTTP_PORT, 8080),
    logger: createTextLogger(),
  }),
);
