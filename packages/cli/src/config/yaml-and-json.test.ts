import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../serve/load-config.js';
import { ConfigError, formatIssue } from './config-error.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-yaml-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The same config in both syntaxes, written out. */
function both(name: string, json: string, yaml: string): [string, string] {
  writeFileSync(join(dir, `${name}.json`), json);
  writeFileSync(join(dir, `${name}.yaml`), yaml);
  return [join(dir, `${name}.json`), join(dir, `${name}.yaml`)];
}

async function mistakesOf(file: string): Promise<string[]> {
  const err = await loadConfig(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ConfigError)) throw new Error(`expected mistakes from ${file}, got ${String(err)}`);
  return err.issues.map(formatIssue);
}

describe('YAML and JSON config files', () => {
  it('give the same config', async () => {
    const [json, yaml] = both(
      'good',
      JSON.stringify({
        handlers: ['greeting', 'talkback'],
        graceMs: 500,
        logLevel: 'warn',
        noDelay: false,
        listeners: [
          {
            url: 'tcp://127.0.0.1:0',
            options: { maxConnections: 10, lineEnding: 'crlf', cert: 'c.pem', key: 'k.pem' },
          },
          { url: 'ws://127.0.0.1:0/chat', handlers: 'broadcast', options: { allowedOrigins: ['https://a.example'] } },
        ],
      }),
      `# the same, in YAML
handlers: [greeting, talkback]
graceMs: 500
logLevel: warn
noDelay: false
listeners:
  - url: tcp://127.0.0.1:0
    options:
      maxConnections: 10
      lineEnding: crlf
      cert: c.pem
      key: k.pem
  - url: ws://127.0.0.1:0/chat
    handlers: broadcast
    options:
      allowedOrigins:
        - https://a.example
`,
    );
    const fromJson = await loadConfig(json);
    expect(fromJson.listeners[0]!.settings).toMatchObject({ lineEnding: '\r\n', cert: join(dir, 'c.pem') });
    expect(await loadConfig(yaml)).toEqual(fromJson);
  });

  it('report the same mistakes', async () => {
    const [json, yaml] = both(
      'bad',
      '{"listeners": [{"url": "tcp://127.0.0.1:0", "options": {"idleTimout": 5, "backlog": 0}}], "workers": "many"}',
      'listeners:\n  - url: tcp://127.0.0.1:0\n    options: { idleTimout: 5, backlog: 0 }\nworkers: many\n',
    );
    const found = await mistakesOf(json);
    expect(found).toHaveLength(3);
    expect(found).toContain('listeners[0].options.idleTimout: unknown key; did you mean "idleTimeout"?');
    expect(await mistakesOf(yaml)).toEqual(found);
  });
});
