import 'reflect-metadata';
import { createTextLogger } from '@switchboard/core';
import { runUntilSignal } from '../run-until-signal.js';
import { start } from './echo-server.js';

await runUntilSignal(() => start({ port: Number(process.env.PORT ?? 7000), logger: createTextLogger() }));
