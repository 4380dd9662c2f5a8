import { describe, expect, it } from 'vitest';
import { selectScenarios } from './scenarios.js';
import { parseBenchArgs } from './cli-args.js';

describe('parseBenchArgs', () => {
  it('has full-run defaults and quick ones', () => {
    expect(parseBenchArgs([])).toMatchObject({ quick: false, rounds: 5, duration: 5, warmup: 2 });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ quick: true, rounds: 2, duration: 1.5, warmup: 0.5 });
  });

  it('takes --only, --rounds, --duration and --warmup, in any order', () => {
    const options = parseBenchArgs(['--duration', '2.5', '--only', 'echo', '--rounds', '3', '--warmup', '0']);
    expect(options).toMatchObject({ only: 'echo', rounds: 3, duration: 2.5, warmup: 0 });
  });

  it('takes --loadgen js or c, and nothing else', () => {
    expect(parseBenchArgs([]).loadgen).toBeUndefined();
    expect(parseBenchArgs(['--loadgen', 'c']).loadgen).toBe('c');
    expect(parseBenchArgs(['--loadgen', 'js']).loadgen).toBe('js');
    expect(() => parseBenchArgs(['--loadgen', 'rust'])).toThrow(/--loadgen must be js or c/);
  });

  it('rejects unknown options and bad numbers, naming them', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/--fast/);
    expect(() => parseBenchArgs(['--rounds', '1.5'])).toThrow(/--rounds/);
    expect(() => parseBenchArgs(['--duration', '-1'])).toThrow(/--duration/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/--only needs a value/);
  });
});

describe('selectScenarios', () => {
  it('takes substrings, =exact names and comma lists', () => {
    const names = (only: string) => selectScenarios(only).map((s) => s.name);
    expect(names('=tcp-echo-64B-c100-p1')).toEqual(['tcp-echo-64B-c100-p1']);
    expect(names('=tcp-echo-64B-c100-p1,p1-metrics')).toEqual(['tcp-echo-64B-c100-p1', 'tcp-echo-64B-c100-p1-metrics']);
    expect(names('tcp-echo-64B-c100-p1').length).toBeGreaterThan(2);
    expect(names('=tcp-echo')).toEqual([]);
  });
});
