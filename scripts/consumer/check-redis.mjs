// `--redis` from a fresh install: @switchboard/redis is a dependency of the cli, so the backplane
// works without a second install (two processes share a broadcast through Redis when one answers
// on 127.0.0.1:6379); if the package is absent anyway, the error names it and exits 2.
import { renameSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { lineClient, runToExit, ServeProcess } from './serve-process.mjs';

const REDIS_URL = 'redis://127.0.0.1:6379';

export async function checkRedis(app, log) {
  if (await redisAnswers()) await checkBackplane(app, log);
  else log(`no Redis answers on ${REDIS_URL}: backplane round trip skipped`);
  await checkMissingPackage(app, log);
}

/** True when something on 127.0.0.1:6379 answers PING with +PONG. */
function redisAnswers() {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 6379 }, () => socket.write('PING\r\n'));
    socket.setTimeout(2000, () => socket.destroy());
    socket.once('data', (chunk) => {
      resolve(chunk.toString('latin1').startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** A line sent to one `serve --handler broadcast --redis` process arrives at a client of another. */
async function checkBackplane(app, log) {
  const channel = `switchboard-consumer-test-${process.pid}-${Date.now()}`;
  const args = ['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', 'broadcast'];
  const servers = [0, 1].map(() => new ServeProcess(app, [...args, '--redis', REDIS_URL, '--redis-channel', channel]));
  try {
    const [sender, receiver] = await Promise.all(servers.map(async (serve) => lineClient(await serve.listening())));
    // Until both processes have subscribed, a broadcast may reach no one (at-most-once): resend.
    const token = `across processes ${channel}`;
    const resend = setInterval(() => sender.send(token), 200);
    try {
      await servers[1].waitFor(() => (receiver.received.includes(token) ? true : undefined));
    } finally {
      clearInterval(resend);
    }
    sender.close();
    receiver.close();
    for (const serve of servers) {
      const { code, signal } = await serve.terminate();
      if (code !== 0) throw new Error(`exit ${code ?? signal} after SIGTERM, expected 0; output:\n${serve.output}`);
    }
    log(`broadcast crossed two processes through ${REDIS_URL}, both exit 0 after SIGTERM`);
  } finally {
    for (const serve of servers) serve.killGroup();
  }
}

/** With node_modules/@switchboard/redis taken away, --redis is a usage error naming the package. */
async function checkMissingPackage(app, log) {
  const installed = join(app, 'node_modules', '@switchboard', 'redis');
  renameSync(installed, `${installed}.away`);
  try {
    const args = ['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', 'echo', '--redis', REDIS_URL];
    const { code, output } = await runToExit(app, args);
    if (code !== 2 || !output.includes('@switchboard/redis')) {
      throw new Error(
        `without @switchboard/redis: exit ${code}, expected 2 and a message naming it; output:\n${output}`,
      );
    }
    const named = output.split('\n').find((line) => line.includes('@switchboard/redis'));
    log(`without @switchboard/redis installed: exit 2, "${named.trim()}"`);
  } finally {
    renameSync(`${installed}.away`, installed);
  }
}
