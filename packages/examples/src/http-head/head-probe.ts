import { Reactor, SwitchboardError } from '@switchboard/core';
import { HeadProbeHandler, type HeadResponse } from './head-probe-handler.js';

/**
 * Sends `HEAD path` to an http:// URL through a Reactor's outbound channel and returns the
 * status and headers. Rejects with ECONNREFUSED (and the address) when nothing listens, and with
 * ETIMEDOUT when connecting and answering together take longer than `timeoutMs`.
 */
export async function headProbe(url: string, timeoutMs = 5000): Promise<HeadResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:')
    throw new SwitchboardError('BAD_URL', `Only http:// URLs can be probed, got "${url}"`);
  const port = target.port || '80';
  const probe = new HeadProbeHandler(target.host, `${target.pathname}${target.search}`);
  const reactor = new Reactor();
  const exchange = async () => {
    // HTTP wants CRLF after every header line.
    await reactor.connect(`tcp://${target.hostname}:${port}`, [probe], { codec: 'lines', lineEnding: '\r\n' });
    return probe.response;
  };
  let timer: NodeJS.Timeout | undefined;
  // The timer covers the connect too: a host that drops SYNs must not hang the probe for the OS's minutes.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SwitchboardError('ETIMEDOUT', `No answer from "${url}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([exchange(), timeout]);
  } finally {
    clearTimeout(timer);
    await reactor.close({ graceMs: 200 });
  }
}
