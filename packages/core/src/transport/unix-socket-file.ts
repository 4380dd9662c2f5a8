import { lstat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { SwitchboardError } from '../errors.js';

/**
 * A socket file left by a process that died would make bind fail with EADDRINUSE forever.
 * Remove it when nothing answers there; refuse when a live server does.
 */
export async function clearStaleSocketFile(path: string, url: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (!stats) return;
  if (!stats.isSocket()) {
    throw new SwitchboardError(
      'EADDRINUSE',
      `Failed to listen on "${url}": ${path} exists and is not a socket (EADDRINUSE)`,
    );
  }
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) {
    throw new SwitchboardError('EADDRINUSE', `Failed to listen on "${url}": Address already in use (EADDRINUSE)`);
  }
  await unlink(path).catch(() => undefined);
}
