import { describe, expect, it } from 'vitest';
import { RespawnPolicy } from './respawn-policy.js';

describe('RespawnPolicy', () => {
  it('waits 100 ms, then doubles while deaths keep coming, and calls the fifth death in 30 s a crash loop', () => {
    const policy = new RespawnPolicy();
    expect([0, 1000, 2000, 3000].map((t) => policy.onDeath(t))).toEqual([100, 200, 400, 800]);
    expect(policy.onDeath(4000)).toBeUndefined();
    expect(policy.recentDeaths).toBe(5);
  });

  it('caps the delay at 5 s, and deaths spread wider than the window are no crash loop', () => {
    const policy = new RespawnPolicy();
    // One death every 10 s: three in any 30 s, never five.
    const delays = Array.from({ length: 10 }, (_, i) => policy.onDeath(i * 10_000));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]);
  });

  it('starts again from 100 ms once no worker died for 30 s', () => {
    const policy = new RespawnPolicy();
    policy.onDeath(0);
    policy.onDeath(1000);
    expect(policy.onDeath(31_000)).toBe(100);
    expect(policy.recentDeaths).toBe(1);
  });
});
