import { lstat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { SwitchboardError } from '../errors.js';

/** How long a probe waits for the socket file's owner to answer before calling it "in use". */
const PROBE_TIMEOUT_MS = 1000;

/** Only these connect errors prove that nobody listens on a socket file any more. */
const STALE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOENT']);

/**
 * A socket file left by a process that died would make bind fail with EADDRINUSE forever.
 * Remove it only when a connect is refused (nobody listens); any other answer — accepted, a full
 * backlog (EAGAIN) from a server that is busy or stopped, a timeout — means it may be alive, and
 * deleting its file would leave it running but unreachable.
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
  const answer = await probe(path);
  if (answer === 'stale') {
    await unlink(path).catch(() => undefined);
    return;
  }
  const why = answer === 'alive' ? 'Address already in use' : `a server may still own it (connect: ${answer})`;
  throw new SwitchboardError('EADDRINUSE', `Failed to listen on "${url}": ${why} (EADDRINUSE)`);
}

/** 'stale', 'alive', or the error code that leaves the question open. */
function probe(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (answer: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done('ETIMEDOUT'), PROBE_TIMEOUT_MS);
    socket.once('connect', () => done('alive'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'UNKNOWN';
      done(STALE_CODES.has(code) ? 'stale' : code);
    });
  });
}
