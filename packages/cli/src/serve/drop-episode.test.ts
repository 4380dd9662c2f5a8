import { silentLogger } from '@switchboard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DropEpisode } from './drop-episode.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('DropEpisode', () => {
  it('warns at the first drop and sums the episode up once drops stop for quietMs', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const episode = new DropEpisode(
      { ...silentLogger, warn: (msg) => void lines.push(msg) },
      'relay to worker 2',
      2000,
    );
    for (let i = 0; i < 1000; i++) episode.record(3, 'full');
    vi.advanceTimersByTime(2000);
    episode.record(1, 'full');
    vi.advanceTimersByTime(2000);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(2000);
    expect(lines).toEqual([
      'relay to worker 2 is behind (full): dropping broadcasts until it catches up',
      'relay to worker 2 caught up; 3001 broadcasts dropped',
    ]);
    episode.record(1, 'again');
    expect(lines).toHaveLength(3);
    episode.close();
  });
});
