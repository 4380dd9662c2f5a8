import { Reactor } from '@switchboard/core';
import { LineClient } from '@switchboard/core/testing';
import { TalkbackHandler } from '@switchboard/handlers';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The package as a fresh process would load it, with SWITCHBOARD_NATIVE set as given. */
async function loadWith(value: string | undefined): Promise<typeof import('./index.js')> {
  vi.stubEnv('SWITCHBOARD_NATIVE', value);
  vi.resetModules();
  return import('./index.js');
}

describe('loading the addon', () => {
  it.runIf(process.platform === 'linux')('loads on Linux, where pnpm install built it', async () => {
    const native = await loadWith(undefined);
    expect(native.nativeStatus()).toEqual({ available: true });
    expect(native.createNativeTransport()).toBeInstanceOf(native.NativeTransport);
  });

  it('falls back when kept from loading: no transport, one reason, and tcp:// served by the JS transport', async () => {
    const native = await loadWith('0');
    expect(native.nativeStatus()).toEqual({ available: false, reason: 'SWITCHBOARD_NATIVE=0' });
    const transport = native.createNativeTransport();
    expect(transport).toBeUndefined();
    const reactor = new Reactor({ transports: transport ? [transport] : [] });
    try {
      const listener = reactor.listen('tcp://127.0.0.1:0', [new TalkbackHandler()], { transport: 'auto' });
      expect(() => reactor.listen('tcp://127.0.0.1:0', [new TalkbackHandler()], { transport: 'native' })).toThrow(
        expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringContaining('No "native" transport') }),
      );
      await reactor.start();
      const client = await LineClient.connect({ port: listener.port });
      client.send('still served');
      expect(await client.readLine()).toBe("You said 'still served'.");
      client.destroy();
    } finally {
      await reactor.close({ graceMs: 50 });
    }
  });
});
