import type { Logger } from '../logging/logger.js';

/** How long without a drop (of one code) before that episode ends and its count is logged. */
const EPISODE_QUIET_MS = 1000;

interface Episode {
  readonly what: string;
  count: number;
  last: number;
  timer: NodeJS.Timeout;
}

/**
 * Counts datagrams a UDP listener drops, by code, and logs each episode twice at most: its first
 * drop (by the caller, who knows the details) and, once the drops stop, how many there were. A
 * flood of spoofed datagrams costs a counter increment each, not a log line each.
 */
export class UdpDropLog {
  /** Every datagram dropped since the listener bound, by code. */
  readonly totals = new Map<string, number>();
  private readonly episodes = new Map<string, Episode>();

  constructor(
    private readonly logger: Logger,
    private readonly url: () => string,
  ) {}

  /** Counts one drop; true when it starts an episode (the caller logs that one). `what` names them for the summary. */
  drop(code: string, what: string): boolean {
    this.totals.set(code, (this.totals.get(code) ?? 0) + 1);
    const now = Date.now();
    const episode = this.episodes.get(code);
    if (episode !== undefined) {
      episode.count++;
      episode.last = now;
      return false;
    }
    const timer = setInterval(() => this.check(code), EPISODE_QUIET_MS);
    timer.unref();
    this.episodes.set(code, { what, count: 1, last: now, timer });
    return true;
  }

  /** Ends every episode now (the listener closes), logging what was counted. */
  flush(): void {
    for (const [code, episode] of this.episodes) this.end(code, episode);
  }

  private check(code: string): void {
    const episode = this.episodes.get(code);
    if (episode !== undefined && Date.now() - episode.last >= EPISODE_QUIET_MS) this.end(code, episode);
  }

  private end(code: string, episode: Episode): void {
    clearInterval(episode.timer);
    this.episodes.delete(code);
    if (episode.count > 1) {
      this.logger.warn(`dropped ${episode.count} ${episode.what} on ${this.url()} (${code}) in one episode`, { code });
    }
  }
}
