import 'reflect-metadata';
import { createTextLogger } from '@switchboard/core';
import { runUntilSignal } from '../run-until-signal.js';
import { start } from './talkback-server.js';

await runUntilSignal(() => start({ port: Number(process.env.PORT ?? 10000), logger: createTextLogger() }));
