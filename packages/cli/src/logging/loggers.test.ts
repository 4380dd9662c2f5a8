import { Writable } from 'node:stream';
import type { Logger } from '@switchboard/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { pinoLogger } from './pino-logger.js';
import { levelFilter } from './level-filter.js';
import { workerLogger } from './worker-logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('pinoLogger', () => {
  it('writes one JSON object per line, the message whole in msg and the fields as keys', () => {
    const out = capture();
    const logger = pinoLogger(pino({ level: 'debug', base: null }, out.stream));
    logger.info('listening tcp://127.0.0.1:41007');
    logger.warn('refused 127.0.0.1:36259: full', { code: 'MAX_CONNECTIONS' });
    logger.debug('quiet');
    logger.error('boom');
    expect(out.lines()).toMatchObject([
      { level: 30, msg: 'listening tcp://127.0.0.1:41007' },
      { level: 40, msg: 'refused 127.0.0.1:36259: full', code: 'MAX_CONNECTIONS' },
      { level: 20, msg: 'quiet' },
      { level: 50, msg: 'boom' },
    ]);
  });
});

describe('workerLogger', () => {
  it('tags each line with the worker and leaves the listening lines to the primary', () => {
    const seen: [string, unknown][] = [];
    const record = (msg: string, fields?: unknown) => void seen.push([msg, fields]);
    const base: Logger = { debug: record, info: record, warn: record, error: record };
    const logger = workerLogger(base, 2);
    logger.info('listening tcp://127.0.0.1:41007');
    logger.info('connected 127.0.0.1:1234 to tcp://127.0.0.1:41007');
    logger.warn('refused', { code: 'MAX_CONNECTIONS' });
    expect(seen).toEqual([
      ['connected 127.0.0.1:1234 to tcp://127.0.0.1:41007', { worker: 2 }],
      ['refused', { code: 'MAX_CONNECTIONS', worker: 2 }],
    ]);
  });
});

describe('levelFilter', () => {
  it('drops lines below the level, but never a listening line', () => {
    const seen: string[] = [];
    const record = (msg: string) => void seen.push(msg);
    const logger = levelFilter({ debug: record, info: record, warn: record, error: record }, 'warn');
    logger.debug('resolved');
    logger.info('connected 127.0.0.1:1 to tcp://127.0.0.1:5055');
    logger.info('listening tcp://127.0.0.1:5055');
    logger.warn('refused');
    logger.error('boom');
    expect(seen).toEqual(['listening tcp://127.0.0.1:5055', 'refused', 'boom']);
  });
});
