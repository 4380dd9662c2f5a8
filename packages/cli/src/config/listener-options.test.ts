import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ListenOptions } from '@switchboard/core';
import { container } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toListenOptions } from '../serve/listen-options.js';
import { parseConfig } from '../serve/load-config.js';
import { parseServeArgs } from '../serve/parse-serve-args.js';
import { SERVE_FLAGS, type ServeFlag } from '../serve/serve-flags.js';
import { LISTENER_SETTING_NAMES, type ListenerSettingName } from './listener-settings-schema.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-options-'));
  writeFileSync(join(dir, 'c.pem'), 'CERT');
  writeFileSync(join(dir, 'k.pem'), 'KEY');
  writeFileSync(join(dir, 'ca.pem'), 'CA');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Every listener setting: a value in the file (and as a flag), and what core's ListenOptions
 * must then hold. A setting added to the schema without a row here fails the completeness test.
 */
const ROWS: Record<ListenerSettingName, { file: unknown; flag: string; expected: Partial<ListenOptions> }> = {
  maxConnections: { file: 7, flag: '7', expected: { maxConnections: 7 } },
  maxConnectionsPerIp: { file: 2, flag: '2', expected: { maxConnectionsPerIp: 2 } },
  acceptRatePerIp: { file: 5, flag: '5', expected: { acceptRatePerIp: 5 } },
  acceptBurstPerIp: { file: 9, flag: '9', expected: { acceptBurstPerIp: 9 } },
  handshakeTimeout: { file: 1500, flag: '1500', expected: { handshakeTimeout: 1500 } },
  idleTimeout: { file: 60_000, flag: '60000', expected: { idleTimeout: 60_000 } },
  codec: { file: 'length-prefixed', flag: 'length-prefixed', expected: { codec: 'length-prefixed' } },
  maxLineLength: { file: 80, flag: '80', expected: { maxLineLength: 80 } },
  maxFrameLength: { file: 4096, flag: '4096', expected: { maxFrameLength: 4096 } },
  lineEnding: { file: 'crlf', flag: 'crlf', expected: { lineEnding: '\r\n' } },
  notices: { file: false, flag: 'off', expected: { notices: false } },
  maxPayload: { file: 65_536, flag: '65536', expected: { maxPayload: 65_536 } },
  heartbeatMs: { file: 0, flag: '0', expected: { heartbeatMs: 0 } },
  maxDatagramSize: { file: 1400, flag: '1400', expected: { maxDatagramSize: 1400 } },
  maxBufferedBytes: { file: 1024, flag: '1024', expected: { maxBufferedBytes: 1024 } },
  slowConsumer: { file: 'drop', flag: 'drop', expected: { slowConsumer: 'drop' } },
  room: { file: 'ops', flag: 'ops', expected: { handlerOptions: { greeting: undefined, broadcast: { room: 'ops' } } } },
  greeting: {
    file: 'hi',
    flag: 'hi',
    expected: { handlerOptions: { greeting: { text: 'hi' }, broadcast: undefined } },
  },
  allowedOrigins: {
    file: ['https://a.example'],
    flag: 'https://a.example',
    expected: { allowedOrigins: ['https://a.example'] },
  },
  noDelay: { file: false, flag: 'off', expected: { noDelay: false } },
  keepAlive: { file: 30_000, flag: '30000', expected: { keepAlive: 30_000 } },
  backlog: { file: 64, flag: '64', expected: { backlog: 64 } },
  transport: { file: 'js', flag: 'js', expected: { transport: 'js' } },
  // The PEM files go together; each row gives all three and checks its own.
  cert: { file: 'c.pem', flag: 'c.pem', expected: { tls: expect.objectContaining({ cert: Buffer.from('CERT') }) } },
  key: { file: 'k.pem', flag: 'k.pem', expected: { tls: expect.objectContaining({ key: Buffer.from('KEY') }) } },
  ca: { file: 'ca.pem', flag: 'ca.pem', expected: { tls: expect.objectContaining({ ca: Buffer.from('CA') }) } },
};

const PEM = { cert: 'c.pem', key: 'k.pem', ca: 'ca.pem' };
const withPem = (key: string, options: Record<string, unknown>) => (key in PEM ? { ...PEM, ...options } : options);

describe('every listener option reaches core', () => {
  it('has a row for every setting, and a flag for every setting', () => {
    expect(Object.keys(ROWS).sort()).toEqual([...LISTENER_SETTING_NAMES].sort());
    const flagged = Object.values(SERVE_FLAGS as Record<string, ServeFlag>).map((flag) => flag.key);
    expect(LISTENER_SETTING_NAMES.filter((name) => !flagged.includes(name))).toEqual([]);
  });

  it.each(Object.entries(ROWS))('%s, set in a listener of the config file', async (key, row) => {
    const config = parseConfig(
      { listeners: [{ url: 'tcp://127.0.0.1:0', handlers: ['echo'], options: withPem(key, { [key]: row.file }) }] },
      dir,
    );
    const options = await toListenOptions(config.listeners[0]!.settings, container);
    expect(options).toMatchObject(row.expected);
  });

  it.each(Object.entries(ROWS))('%s, set by its flag', async (key, row) => {
    const [flag] = Object.entries(SERVE_FLAGS as Record<string, ServeFlag>).find(([, f]) => f.key === key)!;
    const pem = key in PEM ? Object.entries(PEM).flatMap(([k, file]) => [`--${k}`, join(dir, file)]) : [];
    const value = key in PEM ? join(dir, row.flag) : row.flag;
    const args = parseServeArgs([...pem, `--${flag}`, value]);
    const options = await toListenOptions(args.settings, container);
    expect(options).toMatchObject(row.expected);
  });
});
