import type { RemoteInfo, Socket } from 'node:dgram';
import { formatPeer, type PeerAddress } from '../channel/peer-address.js';
import type { Logger } from '../logging/logger.js';
import type { Admission, AcceptLink } from './transport.js';
import { UdpDropLog } from './udp-drop-log.js';
import { UdpIdleSweep } from './udp-idle-sweep.js';
import { UdpLink, type UdpLinkOwner } from './udp-link.js';
import { UdpSendCounter } from './udp-socket.js';

/** What a UDP listener is configured with. */
export interface UdpPeerTableOptions {
  readonly maxDatagramSize: number;
  /** Peers without a channel idle timeout are closed after this long without traffic. */
  readonly expiryMs: number;
  readonly logger: Logger;
  readonly url: () => string;
}

/** A UDP listener's counters, for `UdpTransport.stats()`. */
export interface UdpListenerStats {
  readonly url: string;
  /** Peers with a channel now. */
  readonly peers: number;
  /** Datagrams dropped since the listener bound, by code (MAX_CONNECTIONS, DATAGRAM_TOO_LARGE, PAUSED…). */
  readonly dropped: Readonly<Record<string, number>>;
}

/**
 * The peers of one listening UDP socket: the first datagram from a new address:port asks the
 * listener's Admission for a slot and opens a link (a channel); the slot is given back when the
 * link closes (a handler, or the idle expiry). Past the limits, datagrams from new peers are
 * dropped and counted, so a spoofed flood costs a counter, not memory.
 */
export class UdpPeerTable implements UdpLinkOwner {
  readonly connected = false;
  readonly drops: UdpDropLog;
  private readonly sends = new UdpSendCounter();
  private readonly peers = new Map<string, UdpLink>();
  private readonly sweep: UdpIdleSweep;
  private closing = false;
  private onEmpty?: () => void;

  constructor(
    readonly socket: Socket,
    readonly local: PeerAddress,
    private readonly options: UdpPeerTableOptions,
    private readonly accept: AcceptLink,
    private readonly admission?: Admission,
  ) {
    this.drops = new UdpDropLog(options.logger, options.url);
    this.sweep = new UdpIdleSweep(
      () => this.peers.values(),
      options.expiryMs,
      (link) => link.close(),
    );
  }

  get maxDatagramSize(): number {
    return this.options.maxDatagramSize;
  }

  get size(): number {
    return this.peers.size;
  }

  /** The socket's 'message' event. */
  receive(datagram: Buffer, from: RemoteInfo): void {
    if (datagram.length > this.options.maxDatagramSize) return this.dropOversize(datagram.length, from);
    const key = `${from.address} ${from.port}`;
    const link = this.peers.get(key) ?? this.open(key, from);
    link?.receive(datagram);
  }

  gone(link: UdpLink): void {
    const key = `${link.remote.address} ${link.remote.port}`;
    if (this.peers.get(key) !== link) return;
    this.peers.delete(key);
    this.admission?.release(link.remote.address);
    if (this.peers.size === 0) this.onEmpty?.();
  }

  sendStarted(): void {
    this.sends.started();
  }

  sendDone(): void {
    this.sends.done();
  }

  useIdleTimeout(ms: number): void {
    this.sweep.use(ms);
  }

  droppedWhilePaused(): void {
    this.drops.drop('PAUSED', 'datagrams for paused channels');
  }

  /**
   * Stops opening channels for new peers; once every peer is gone (the reactor closes them, with
   * their goodbyes) and their last datagrams have left, closes the socket.
   */
  close(): Promise<void> {
    this.closing = true;
    return new Promise<void>((resolve) => {
      this.onEmpty = resolve;
      if (this.peers.size === 0) resolve();
    }).then(() => {
      this.sweep.stop();
      this.drops.flush();
      return this.sends.closeWhenSent(this.socket);
    });
  }

  stats(url: string): UdpListenerStats {
    return { url, peers: this.peers.size, dropped: Object.fromEntries(this.drops.totals) };
  }

  private open(key: string, from: RemoteInfo): UdpLink | undefined {
    // Refused peers get no answer at all: a spoofed source must not make us send to a victim.
    if (this.closing) return undefined;
    const refusal = this.admission?.admit(from.address);
    const remote: PeerAddress = { address: from.address, port: from.port, family: from.family };
    if (refusal !== undefined) {
      if (this.drops.drop(refusal.code, 'datagrams from new peers')) this.admission!.refuse(remote, refusal);
      return undefined;
    }
    const link = new UdpLink(this, remote);
    this.peers.set(key, link);
    this.accept(link);
    // The reactor may have refused it, or a handler closed it in onOpen.
    return link.isClosed ? undefined : link;
  }

  private dropOversize(size: number, from: RemoteInfo): void {
    if (!this.drops.drop('DATAGRAM_TOO_LARGE', 'datagrams over maxDatagramSize')) return;
    const peer = formatPeer({ address: from.address, port: from.port, family: from.family });
    this.options.logger.warn(
      `dropped a datagram of ${size} bytes from ${peer} on ${this.options.url()}: ` +
        `larger than maxDatagramSize ${this.options.maxDatagramSize}; more are counted, not logged`,
      { code: 'DATAGRAM_TOO_LARGE' },
    );
  }
}
