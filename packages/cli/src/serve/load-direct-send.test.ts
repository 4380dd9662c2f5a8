import { describe, expect, it, vi } from 'vitest';
import { loadDirectSend } from './load-direct-send.js';
import type { ListenerPlan } from './serve-options.js';

const plan = (url: string): ListenerPlan => ({ url, handlers: ['broadcast'], settings: {} });

describe('loadDirectSend', () => {
  it("gives the addon's sendEach to ws:// and js tcp:// listeners", async () => {
    for (const [url, transport] of [
      ['ws://127.0.0.1:0/', 'js'],
      ['tcp://127.0.0.1:0', 'js'],
    ] as const) {
      const direct = await loadDirectSend([plan(url)], [transport]);
      expect(typeof direct?.sendEach).toBe('function');
    }
  });

  it('loads nothing for listeners that cannot use it: native tcp://, tls://, wss://, unix://, udp://', async () => {
    const urls = [
      'tcp://127.0.0.1:0',
      'tls://127.0.0.1:0',
      'wss://127.0.0.1:0/',
      'unix:///tmp/x.sock',
      'udp://127.0.0.1:0',
    ];
    const names = ['native', 'js', 'js', 'js', 'js'];
    expect(await loadDirectSend(urls.map(plan), names)).toBeUndefined();
  });

  it('is undefined where the addon is not available (SWITCHBOARD_NATIVE=0)', async () => {
    vi.stubEnv('SWITCHBOARD_NATIVE', '0');
    vi.resetModules();
    try {
      const fresh = (await import('./load-direct-send.js')) as typeof import('./load-direct-send.js');
      expect(await fresh.loadDirectSend([plan('ws://127.0.0.1:0/')], ['js'])).toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
