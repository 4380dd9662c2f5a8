import { describe, expect, it } from 'vitest';
import { GlobPattern } from './glob-match.js';

const match = (pattern: string, key: string) => new GlobPattern(pattern).matches(key);

describe('GlobPattern', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', true],
    ['user:*', 'user:42', true],
    ['user:*', 'users:42', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['*.log', 'a.b.log', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['[\\]]', ']', true],
    ['h[ae', 'ha', true],
    ['**a', 'xa', true],
  ])('%j against %j is %s', (pattern, key, expected) => {
    expect(match(pattern, key)).toBe(expected);
  });

  it('costs at most pattern × key steps on patterns that make a backtracking matcher exponential', () => {
    // A naive recursive matcher takes ~key^stars steps here.
    const pattern = new GlobPattern(`${'*a'.repeat(30)}b`);
    const key = 'a'.repeat(5000);
    expect(pattern.matches(key)).toBe(false);
    expect(pattern.steps).toBeGreaterThan(key.length);
    expect(pattern.steps).toBeLessThanOrEqual((61 + 1) * (key.length + 1));
  });
});
