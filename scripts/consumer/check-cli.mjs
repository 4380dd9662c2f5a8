// The installed `switchboard` bin: npx finds it; it serves the echo handler for one round trip and
// shuts down gracefully on SIGTERM with exit 0.
import { spawnSync } from 'node:child_process';
import { lineClient, ServeProcess } from './serve-process.mjs';

export async function checkCli(app, log) {
  const help = spawnSync('npx', ['--no', '--', 'switchboard', 'serve', '--help'], { cwd: app, encoding: 'utf8' });
  if (help.status !== 0 || !help.stdout.includes('--listen URL')) {
    throw new Error(`npx switchboard serve --help: exit ${help.status}\n${help.stdout}${help.stderr}`);
  }
  const serve = new ServeProcess(app, ['serve', '--listen', 'tcp://127.0.0.1:0', '--handler', 'echo']);
  try {
    const url = await serve.listening();
    const client = await lineClient(url);
    client.send('ping from the consumer test');
    await serve.waitFor(() => (client.received === 'ping from the consumer test\n' ? true : undefined));
    client.close();
    const { code, signal } = await serve.terminate();
    if (code !== 0) throw new Error(`exit ${code ?? signal} after SIGTERM, expected 0; output:\n${serve.output}`);
    log(`npx finds the bin; echo round trip on ${url.href}; exit 0 after SIGTERM`);
  } finally {
    serve.killGroup();
  }
}
