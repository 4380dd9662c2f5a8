import { describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../errors.js';
import { AcceptRate } from './accept-rate.js';
import { ListenerAdmission, type AdmissionLimits } from './admission.js';

function admission(limits: Partial<AdmissionLimits>) {
  const crowded: string[] = [];
  const gate = new ListenerAdmission(
    { maxConnections: 10, maxConnectionsPerIp: 0, acceptRatePerIp: 0, acceptBurstPerIp: 1, ...limits },
    () => 'tcp://127.0.0.1:5055',
    { refused: () => {}, crowded: (address) => void crowded.push(address) },
  );
  return { gate, crowded };
}

const codeOf = (err: SwitchboardError | undefined) => err?.code;

describe('ListenerAdmission', () => {
  it('counts slots in total and per address, and forgets an address whose count drops to 0', () => {
    const { gate } = admission({ maxConnections: 3, maxConnectionsPerIp: 2 });
    expect(gate.admit('10.0.0.1')).toBeUndefined();
    expect(gate.admit('10.0.0.1')).toBeUndefined();
    expect(codeOf(gate.admit('10.0.0.1'))).toBe('MAX_CONNECTIONS_PER_IP');
    expect(gate.admit('10.0.0.2')).toBeUndefined();
    expect(codeOf(gate.admit('10.0.0.3'))).toBe('MAX_CONNECTIONS');
    for (const address of ['10.0.0.1', '10.0.0.1', '10.0.0.2']) gate.release(address);
    expect([gate.held, gate.addresses]).toEqual([0, 0]);
  });

  it('counts unix peers (no address) against the total only', () => {
    const { gate } = admission({ maxConnections: 1, maxConnectionsPerIp: 1 });
    expect(gate.admit(undefined)).toBeUndefined();
    expect(codeOf(gate.admit(undefined))).toBe('MAX_CONNECTIONS');
    gate.release(undefined);
    expect([gate.held, gate.addresses]).toEqual([0, 0]);
  });

  it('reports an address holding more than half the slots once', () => {
    const { gate, crowded } = admission({ maxConnections: 4 });
    for (let i = 0; i < 4; i++) gate.admit('10.0.0.1');
    for (let i = 0; i < 4; i++) gate.release('10.0.0.1');
    for (let i = 0; i < 4; i++) gate.admit('10.0.0.1');
    expect(crowded).toEqual(['10.0.0.1']);
  });

  it('refuses connections past the accept rate with ACCEPT_RATE_PER_IP', () => {
    const { gate } = admission({ acceptRatePerIp: 1, acceptBurstPerIp: 2 });
    expect(gate.admit('10.0.0.1')).toBeUndefined();
    expect(gate.admit('10.0.0.1')).toBeUndefined();
    expect(codeOf(gate.admit('10.0.0.1'))).toBe('ACCEPT_RATE_PER_IP');
    expect(gate.admit('10.0.0.2')).toBeUndefined();
  });
});

describe('AcceptRate', () => {
  it('lets a burst through, then one per interval, and keeps no entry for a full bucket', () => {
    const rate = new AcceptRate(10, 3);
    expect([0, 0, 0, 0].map(() => rate.take('a', 1000))).toEqual([true, true, true, false]);
    expect(rate.take('a', 1100)).toBe(true);
    expect(rate.take('a', 1100)).toBe(false);
    expect(rate.size).toBe(1);
    // Past the sweep, once the bucket is full again, the address is forgotten.
    rate.take('b', 3000);
    expect(rate.size).toBe(1);
  });
});
