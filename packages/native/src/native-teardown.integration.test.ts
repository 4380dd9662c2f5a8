import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const reflect = createRequire(import.meta.url).resolve('reflect-metadata');

/**
 * A worker that serves on the native transport, is connected to, and is terminated: its
 * environment's cleanup closes the sockets and the poll handle before the addon is unloaded.
 */
const parent = `
const { Worker } = require('node:worker_threads');
const net = require('node:net');
const code = \`
  const { parentPort } = require('node:worker_threads');
  require(${JSON.stringify(reflect)});
  import(${JSON.stringify(dist)}).then(async (native) => {
    const { parseEndpoint } = await import('@switchboard/core/transport');
    const transport = native.createNativeTransport();
    const bound = await transport.listen(parseEndpoint('tcp://127.0.0.1:0'), {}, (link) => link.attach({
      onData: (d) => link.write(d), onDrain() {}, onEnd() {}, onIdle() {}, onError() {}, onClose() {},
    }));
    parentPort.postMessage(bound.port);
  });
\`;
const worker = new Worker(code, { eval: true });
worker.on('message', (port) => {
  const socket = net.connect(port, '127.0.0.1', () => socket.write('x'));
  socket.on('data', () => worker.terminate());
  socket.on('close', () => console.log('client closed'));
});
worker.on('exit', (code) => console.log('worker exit ' + code));
`;

describe('teardown', () => {
  it.runIf(process.platform === 'linux' && existsSync(dist))(
    'a worker serving on the native transport can be terminated; its sockets close',
    () => {
      const result = spawnSync(process.execPath, ['-e', parent], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(result.stderr).toBe('');
      expect(result.signal).toBeNull();
      expect(result.status).toBe(0);
      expect(result.stdout.split('\n').sort()).toEqual(['', 'client closed', 'worker exit 1']);
    },
  );
});
