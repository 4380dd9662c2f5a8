import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectToUrl as connect, destroyUrlClients } from '../testing/url-clients.js';
import { CliProcess, serveArgs } from '../testing/cli-process.js';

/** The compiled fixture: plugins are loaded by the built command, so they must be JavaScript. */
const fixture = (name: string) => fileURLToPath(new URL(`../../dist/test-fixtures/${name}.js`, import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-'));
});
afterEach(async () => {
  destroyUrlClients();
  await CliProcess.stopAll();
  await rm(dir, { recursive: true, force: true });
});

describe('switchboard serve --config and --plugin', () => {
  it('gives each listener of the config file its own handler chain and greeting', async () => {
    const config = join(dir, 'switchboard.json');
    await writeFile(
      config,
      JSON.stringify({
        greeting: 'default banner',
        listeners: [
          { url: 'tcp://127.0.0.1:0', handlers: ['greeting', 'talkback'], options: { greeting: 'hi from one' } },
          { url: 'tcp://127.0.0.1:0', handlers: 'greeting,echo', options: { maxConnections: 10 } },
        ],
      }),
    );
    const cli = CliProcess.start(['serve', '--config', config]);
    const [talkbackUrl, echoUrl] = await cli.listening(2);
    const one = await connect(talkbackUrl!);
    expect(await one.readLine()).toBe('hi from one');
    one.send('ping');
    expect(await one.readLine()).toBe("You said 'ping'.");
    const two = await connect(echoUrl!);
    expect(await two.readLine()).toBe('default banner');
    two.send('ping');
    expect(await two.readLine()).toBe('ping');
  });

  it('reports a mistake in the config file naming the key, with exit 2', async () => {
    const config = join(dir, 'bad.json');
    await writeFile(
      config,
      JSON.stringify({ listeners: [{ url: 'tcp://127.0.0.1:0', handlers: ['echo'], options: { maxConections: 3 } }] }),
    );
    const { code, stderr } = await CliProcess.run(['serve', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/listeners\[0\]\.options\.maxConections: unknown key; did you mean "maxConnections"\?/);
  });

  it("--plugin loads a team's module, whose handler the listener then names", async () => {
    const cli = CliProcess.start(serveArgs('shout', '--plugin', fixture('shout-plugin')));
    const [url] = await cli.listening();
    const client = await connect(url!);
    client.send('quiet please');
    expect(await client.readLine()).toBe('QUIET PLEASE!');
  });

  it('--plugin refuses a module without register(container), with exit 2', async () => {
    const { code, stderr } = await CliProcess.run(serveArgs('echo', '--plugin', fixture('no-register-plugin')));
    expect(code).toBe(2);
    expect(stderr).toMatch(/exports neither register\(container\) nor registerHandlers\(container\)/);
  });
});
