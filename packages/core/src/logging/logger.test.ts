import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { visibleText } from '../text/visible-text.js';
import { createTextLogger } from './logger.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('createTextLogger', () => {
  it('writes one line per call: time, level, message, fields', () => {
    const out = capture();
    const logger = createTextLogger(out.stream, 'debug');
    logger.warn('refused 127.0.0.1:36259: full', { code: 'MAX_CONNECTIONS', limit: { n: 2 } });
    expect(out.text()).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z warn {2}refused 127\.0\.0\.1:36259: full code=MAX_CONNECTIONS limit=\{"n":2\}\n$/,
    );
  });

  it('escapes client text in the message and the fields, so no line can be forged', () => {
    const out = capture();
    const logger = createTextLogger(out.stream);
    const forged = 'bad\n2026-01-01T00:00:00.000Z info  shut down\x1b[2J\u202e';
    logger.warn(`connection error 127.0.0.1:1: ${forged}`, { code: 'HANDLER_FAILED', said: forged, list: [forged] });
    const lines = out.text().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]).toContain('bad\\n2026-01-01T00:00:00.000Z info  shut down\\x1b[2J\\u202e code=HANDLER_FAILED');
    expect(lines[0]).toContain(' said=bad\\n2026');
    expect(lines[0]).toContain(' list=["bad\\n2026'); // JSON's own escape, left as JSON wrote it
    expect(visibleText(lines[0]!)).toBe(lines[0]); // nothing left to escape
  });

  it('drops lines below its level', () => {
    const out = capture();
    createTextLogger(out.stream, 'warn').info('quiet');
    expect(out.text()).toBe('');
  });
});
