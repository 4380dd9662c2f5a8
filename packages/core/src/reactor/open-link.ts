import { formatEndpoint, type Endpoint } from '../endpoint/endpoint.js';
import { SwitchboardError } from '../errors.js';
import type { Link } from '../transport/link.js';
import type { SocketOptions, Transport } from '../transport/transport.js';

/**
 * One connect attempt, bounded by `timeoutMs` (ETIMEDOUT) and by `signals` (the reactor closing,
 * the caller's own signal): either stops it and destroys its socket. A transport that does not
 * watch its signal is not waited for, and a link it delivers late is destroyed.
 */
export async function openLink(
  transport: Transport,
  endpoint: Endpoint,
  options: SocketOptions,
  timeoutMs: number,
  signals: readonly (AbortSignal | undefined)[],
): Promise<Link> {
  const url = formatEndpoint(endpoint);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([timeout, ...signals.filter((s): s is AbortSignal => s !== undefined)]);
  const reasonOf = (): Error =>
    signal.reason instanceof SwitchboardError
      ? signal.reason
      : timeout.aborted
        ? new SwitchboardError(
            'ETIMEDOUT',
            `Failed to connect to "${url}": no connection within ${timeoutMs} ms (ETIMEDOUT)`,
          )
        : new SwitchboardError('REACTOR_CLOSED', `Stopped connecting to "${url}": cancelled`, { cause: signal.reason });
  if (signal.aborted) throw reasonOf();
  let abandoned = false;
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(reasonOf()), { once: true }),
  );
  const attempt = transport.connect(endpoint, options, signal).then((link) => {
    if (abandoned) link.destroy();
    return link;
  });
  try {
    return await Promise.race([attempt, aborted]);
  } catch (err) {
    abandoned = true;
    // The transport's own rejection names the system error; an abort is reported as its reason.
    throw signal.aborted ? reasonOf() : err;
  }
}
