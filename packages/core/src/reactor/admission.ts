import type { PeerAddress } from '../channel/peer-address.js';
import type { SwitchboardError } from '../errors.js';
import type { Admission } from '../transport/transport.js';
import type { Link } from '../transport/link.js';
import { AcceptRate } from './accept-rate.js';
import { LIMIT_DEFAULTS, type ConnectionLimits } from './reactor-options.js';
import { fullError, perIpError, rateError } from './refusal.js';

/** The limits one listener's admission enforces, defaults filled in (0: off). */
export interface AdmissionLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  readonly acceptRatePerIp: number;
  readonly acceptBurstPerIp: number;
}

/** What an admission tells its reactor. */
export interface AdmissionEvents {
  refused(peer: PeerAddress, error: SwitchboardError, link?: Link): void;
  /** One address holds more than half the listener's slots (said once per address). */
  crowded(address: string, count: number): void;
}

/** Addresses remembered as warned about; past this many the memory starts over. */
const WARNED_LIMIT = 1024;

/** The listener's own limits, else the reactor's, else the defaults. */
export function admissionLimitsOf(reactor: ConnectionLimits, listener: ConnectionLimits): AdmissionLimits {
  const pick = (key: 'maxConnections' | 'maxConnectionsPerIp' | 'acceptRatePerIp') =>
    listener[key] ?? reactor[key] ?? LIMIT_DEFAULTS[key];
  const acceptRatePerIp = pick('acceptRatePerIp');
  const burst = listener.acceptBurstPerIp ?? reactor.acceptBurstPerIp ?? Math.max(1, acceptRatePerIp);
  return {
    maxConnections: pick('maxConnections'),
    maxConnectionsPerIp: pick('maxConnectionsPerIp'),
    acceptRatePerIp,
    acceptBurstPerIp: burst,
  };
}

/**
 * One listener's slots: a total, a count per address (an entry only while the address has a
 * connection) and an accept rate per address. Transports ask it at the raw socket, before a TLS
 * handshake or an HTTP request, and give the slot back when the socket closes.
 */
export class ListenerAdmission implements Admission {
  private total = 0;
  private readonly perAddress = new Map<string, number>();
  private readonly warned = new Set<string>();
  private readonly rate?: AcceptRate;

  constructor(
    readonly limits: AdmissionLimits,
    private readonly url: () => string,
    private readonly events: AdmissionEvents,
  ) {
    if (limits.acceptRatePerIp > 0) this.rate = new AcceptRate(limits.acceptRatePerIp, limits.acceptBurstPerIp);
  }

  /** Slots held now, by connections still handshaking and by channels. */
  get held(): number {
    return this.total;
  }

  /** Addresses with a slot now (the bookkeeping is bounded by live connections). */
  get addresses(): number {
    return this.perAddress.size;
  }

  admit(address: string | undefined): SwitchboardError | undefined {
    const { maxConnections, maxConnectionsPerIp } = this.limits;
    if (this.total >= maxConnections) return fullError(this.url(), maxConnections);
    if (address === undefined) {
      this.total++;
      return undefined;
    }
    const count = (this.perAddress.get(address) ?? 0) + 1;
    if (maxConnectionsPerIp > 0 && count > maxConnectionsPerIp) {
      return perIpError(this.url(), address, maxConnectionsPerIp);
    }
    if (this.rate && !this.rate.take(address)) return rateError(this.url(), address, this.limits);
    this.total++;
    this.perAddress.set(address, count);
    if (count * 2 > maxConnections && !this.warned.has(address)) this.warn(address, count);
    return undefined;
  }

  release(address: string | undefined): void {
    this.total--;
    const count = address === undefined ? undefined : this.perAddress.get(address);
    if (count === undefined) return;
    if (count > 1) this.perAddress.set(address!, count - 1);
    else this.perAddress.delete(address!);
  }

  refuse(peer: PeerAddress, error: SwitchboardError, link?: Link): void {
    this.events.refused(peer, error, link);
  }

  private warn(address: string, count: number): void {
    if (this.warned.size >= WARNED_LIMIT) this.warned.clear();
    this.warned.add(address);
    this.events.crowded(address, count);
  }
}
