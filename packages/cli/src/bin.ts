#!/usr/bin/env node
import 'reflect-metadata';
import { main } from './cli.js';

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exit(code);
