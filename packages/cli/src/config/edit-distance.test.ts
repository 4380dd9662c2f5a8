import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from './edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['maxConections', 'maxConnections', 1],
    ['ehco', 'echo', 2],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance);
  });

  it('stops at the limit', () => {
    expect(editDistance('a'.repeat(1000), 'b'.repeat(1000), 3)).toBe(4);
    expect(editDistance('short', 'a much longer name', 2)).toBe(3);
  });
});

describe('nearestName', () => {
  const names = ['maxConnections', 'maxConnectionsPerIp', 'maxLineLength', 'idleTimeout'];
  it('suggests the closest known name, and nothing for a stranger', () => {
    expect(nearestName('maxConections', names)).toBe('maxConnections');
    expect(nearestName('IDLETIMEOUT', names)).toBe('idleTimeout');
    expect(nearestName('maxLineLenght', names)).toBe('maxLineLength');
    expect(nearestName('colour', names)).toBeUndefined();
    expect(nearestName('x'.repeat(100_000), names)).toBeUndefined();
  });
});
