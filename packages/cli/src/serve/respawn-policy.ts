/** When a dead worker is replaced, and when deaths mean the server is broken. */
export interface RespawnLimits {
  /** The first replacement's delay; each death soon after another doubles it. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** This many deaths within `crashLoopWindowMs` stop the server. */
  readonly crashLoopDeaths: number;
  /** Also how long without a death resets the delay to `firstDelayMs`. */
  readonly crashLoopWindowMs: number;
}

export const RESPAWN_LIMITS: RespawnLimits = {
  firstDelayMs: 100,
  maxDelayMs: 5000,
  crashLoopDeaths: 5,
  crashLoopWindowMs: 30_000,
};

/**
 * Decides, at each unexpected worker death, how long to wait before the replacement (100 ms,
 * doubling to 5 s while deaths keep coming) or that this is a crash loop (5 deaths in 30 s).
 */
export class RespawnPolicy {
  private deaths: number[] = [];
  private delayMs = 0;

  constructor(private readonly limits: RespawnLimits = RESPAWN_LIMITS) {}

  /** The delay before replacing the worker that died at `now`; undefined for a crash loop. */
  onDeath(now: number): number | undefined {
    const { firstDelayMs, maxDelayMs, crashLoopDeaths, crashLoopWindowMs } = this.limits;
    const last = this.deaths.at(-1);
    this.deaths = this.deaths.filter((death) => now - death < crashLoopWindowMs);
    this.deaths.push(now);
    if (this.deaths.length >= crashLoopDeaths) return undefined;
    const soon = last !== undefined && now - last < crashLoopWindowMs;
    this.delayMs = soon ? Math.min(this.delayMs * 2, maxDelayMs) : firstDelayMs;
    return this.delayMs;
  }

  get windowMs(): number {
    return this.limits.crashLoopWindowMs;
  }

  /** Deaths counted in the current window. */
  get recentDeaths(): number {
    return this.deaths.length;
  }
}
