import 'reflect-metadata';
import { createTextLogger } from '@switchboard/core';
import { runUntilSignal } from '../run-until-signal.js';
import { start } from './resp-server.js';

await runUntilSignal(() => start({ port: Number(process.env.PORT ?? 6380), logger: createTextLogger() }));
