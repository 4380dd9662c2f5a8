import type { PeerAddress } from '@switchboard/core';
import type { AcceptLink, Admission } from '@switchboard/core/transport';
import { NativeLink } from './native-link.js';
import type { NativeListenerSink, NativeLoop } from './native-loop.js';
import { systemError } from './system-error.js';

/** How long a listener out of descriptors (EMFILE) waits before accepting again. */
const RETRY_ACCEPT_MS = 100;
/** A listener stuck at EMFILE fails every retry: it says so at most this often. */
const REPORT_EVERY_MS = 10_000;

function peer(address: string, port: number): PeerAddress {
  return { address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' };
}

/** One bound tcp:// listener of the native loop: admission at accept, then a link for the Reactor. */
export class NativeListener implements NativeListenerSink {
  private retry?: NodeJS.Timeout;
  private reportedAt = -Infinity;
  private unreported = 0;

  constructor(
    private readonly loop: NativeLoop,
    readonly id: number,
    private readonly url: string,
    private readonly accept: AcceptLink,
    private readonly admission: Admission | undefined,
    private readonly report: (err: Error) => void,
  ) {}

  accepted(id: number, remote: string, remotePort: number, local: string, localPort: number): void {
    const link = new NativeLink(this.loop, id, peer(remote, remotePort), peer(local, localPort));
    this.loop.addLink(link);
    const refusal = this.admission?.admit(remote);
    if (refusal !== undefined) return this.admission!.refuse(link.remote, refusal, link);
    const admission = this.admission;
    if (admission !== undefined) link.onGone = () => admission.release(remote);
    this.accept(link);
  }

  paused(errno: number): void {
    const now = Date.now();
    if (now - this.reportedAt < REPORT_EVERY_MS) this.unreported++;
    else {
      const err = systemError(errno, 'accept');
      const since = this.unreported > 0 ? ` (${this.unreported} more failed retries since the last report)` : '';
      const message = `Failed to accept on "${this.url}": ${err.message}; retrying every ${RETRY_ACCEPT_MS} ms${since}`;
      this.report(Object.assign(err, { message }));
      this.reportedAt = now;
      this.unreported = 0;
    }
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      this.loop.binding.resumeListener(this.id);
    }, RETRY_ACCEPT_MS).unref();
  }

  close(): void {
    clearTimeout(this.retry);
    this.loop.removeListener(this.id);
  }
}
