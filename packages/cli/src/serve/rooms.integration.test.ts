import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectToUrl as connect, destroyUrlClients } from '../testing/url-clients.js';
import { CliProcess } from '../testing/cli-process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-rooms-'));
});
afterEach(async () => {
  destroyUrlClients();
  await CliProcess.stopAll();
  await rm(dir, { recursive: true, force: true });
});

it('puts broadcast listeners in the room of --room or of the config key room; rooms do not hear each other', async () => {
  const config = join(dir, 'sb.json');
  await writeFile(
    config,
    JSON.stringify({
      room: 'ignored-the-flag-wins',
      listeners: [
        { url: 'tcp://127.0.0.1:0', handlers: ['broadcast'], options: { room: 'blue' } },
        { url: 'tcp://127.0.0.1:0', handlers: ['broadcast'] },
      ],
    }),
  );
  const cli = CliProcess.start([
    'serve',
    '--config',
    config,
    '--listen',
    'tcp://127.0.0.1:0',
    '--handler',
    'broadcast',
    '--room',
    'red',
  ]);
  const [blueUrl, redUrl, flagUrl] = await cli.listening(3);
  const [blue1, blue2, red, fromFlag] = await Promise.all([
    connect(blueUrl!),
    connect(blueUrl!),
    connect(redUrl!),
    connect(flagUrl!),
  ]);
  // Connections are accepted in any order: wait until each is in its room by talking.
  const redName = `127.0.0.1:${red.socket.localPort}`;
  await expect
    .poll(
      async () => {
        red.send('ping');
        return fromFlag.readLine(200).catch(() => '');
      },
      { timeout: 5000 },
    )
    .toBe(`[${redName}] ping`);

  fromFlag.send('for red');
  expect(await red.readLineMatching(/for red$/)).toBe(`[127.0.0.1:${fromFlag.socket.localPort}] for red`);
  // The red broadcast reached every member before `red` read it: blue's next line is its own.
  blue1.send('for blue');
  expect(await blue2.readLine()).toBe(`[127.0.0.1:${blue1.socket.localPort}] for blue`);
  red.send('red again');
  expect(await fromFlag.readLineMatching(/red again$/)).toBe(`[${redName}] red again`);
  expect(blue1.received.toString()).toBe('');
});

it.each([
  [['--room', ''], /--room: must be a room name/],
  [['--room', 'a b'], /--room: must be a room name/],
  [['--room', 'a\u202eb'], /--room: must be a room name/],
  [['--slow-consumer', 'ignore'], /--slow-consumer: must be one of disconnect, drop, got "ignore"/],
  [['--max-buffered', '0'], /--max-buffered: must be a positive integer/],
])('refuses %j with exit 2', async (extra, message) => {
  const result = await CliProcess.run(['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', 'broadcast', ...extra]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
});
