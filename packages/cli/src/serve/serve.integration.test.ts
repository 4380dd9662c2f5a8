import type { LineClient } from '@switchboard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, serveArgs } from '../testing/cli-process.js';
import { connectToUrl as connect, destroyUrlClients } from '../testing/url-clients.js';

afterEach(async () => {
  destroyUrlClients();
  await CliProcess.stopAll();
});

const peerOf = (client: LineClient) => `127.0.0.1:${client.socket.localPort}`;

describe('switchboard serve', () => {
  it('serves talkback over TCP and logs each connect and disconnect with the peer address:port', async () => {
    const cli = CliProcess.start(serveArgs('talkback'));
    const [url] = await cli.listening();
    expect(url).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    const client = await connect(url!);
    const peer = peerOf(client);
    await cli.waitForStdout(new RegExp(`connected ${peer}`));
    client.send('hello');
    expect(await client.readLine()).toBe("You said 'hello'.");
    client.send('quit');
    await client.waitForClose();
    await cli.waitForStdout(new RegExp(`disconnected ${peer}`));
  });

  it('--greeting replaces the banner, and broadcast relays between clients with the [address:port] prefix', async () => {
    const cli = CliProcess.start(serveArgs('greeting, broadcast', '--greeting', 'Hello from the test'));
    const [url] = await cli.listening();
    const alice = await connect(url!);
    const bob = await connect(url!);
    expect(await alice.readLine()).toBe('Hello from the test');
    expect(await bob.readLine()).toBe('Hello from the test');
    await cli.waitForStdout(new RegExp(`connected ${peerOf(bob)}`));
    alice.send('hi bob');
    expect(await bob.readLine()).toBe(`[${peerOf(alice)}] hi bob`);
  });

  it('on SIGTERM says goodbye to connected clients and exits 0', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--grace', '500'));
    const [url] = await cli.listening();
    const client = await connect(url!);
    await cli.waitForStdout(/connected /);
    cli.signal('SIGTERM');
    expect(await client.readLine()).toMatch(/shutting down/i);
    await client.waitForClose();
    expect((await cli.waitForExit()).code).toBe(0);
  });

  it('a second signal does not wait for the grace period: exit 1 at once', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--grace', '30000'));
    const [url] = await cli.listening();
    const client = await connect(url!);
    // A client that never finishes its side keeps the server draining for the whole grace period.
    client.endOnServerEnd = false;
    await cli.waitForStdout(/connected /);
    cli.signal('SIGINT');
    await cli.waitForStdout(/shutting down \(SIGINT\)/);
    cli.signal('SIGINT');
    expect((await cli.waitForExit(5000)).code).toBe(1);
  });

  it('--max-connections 1 refuses the second client with ERROR MAX_CONNECTIONS', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--max-connections', '1'));
    const [url] = await cli.listening();
    const first = await connect(url!);
    await cli.waitForStdout(/connected /);
    const second = await connect(url!);
    expect(await second.readLine()).toMatch(/^ERROR MAX_CONNECTIONS /);
    await second.waitForClose();
    first.send('still here');
    expect(await first.readLine()).toBe("You said 'still here'.");
  });

  it('--max-line answers a too-long line with ERROR LINE_TOO_LONG', async () => {
    const cli = CliProcess.start(serveArgs('talkback', '--max-line', '16'));
    const [url] = await cli.listening();
    const client = await connect(url!);
    client.send('short');
    expect(await client.readLine()).toBe("You said 'short'.");
    client.send('x'.repeat(100));
    expect(await client.readLineMatching(/^ERROR /)).toMatch(/^ERROR LINE_TOO_LONG /);
  });

  it('--log-format json writes valid JSON lines holding `listening URL` and the peer address:port', async () => {
    const cli = CliProcess.start(serveArgs('echo', '--log-format', 'json'));
    const [url] = await cli.listening();
    const client = await connect(url!);
    await cli.waitForStdout(new RegExp(`connected ${peerOf(client)}`));
    const lines = cli.stdout.trim().split('\n');
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain(`listening ${url}`);
    expect(messages.some((msg) => msg.includes(peerOf(client)))).toBe(true);
  });
});
