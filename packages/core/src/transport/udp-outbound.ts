import type { Socket } from 'node:dgram';
import { formatPeer, type PeerAddress } from '../channel/peer-address.js';
import { fromSystemError } from '../errors.js';
import { UdpIdleSweep } from './udp-idle-sweep.js';
import { UdpLink, type UdpLinkOwner } from './udp-link.js';
import { udpAddressOf, UdpSendCounter } from './udp-socket.js';

/**
 * The socket of one outbound `udp://` connection: connected, so the kernel passes on only its
 * peer's datagrams and reports ICMP "port unreachable" (ECONNREFUSED) as an error the channel
 * hears of. It closes with its link. No idle expiry: an outbound link lives until it is closed
 * (or its channel's idle timeout acts).
 */
export class UdpOutbound implements UdpLinkOwner {
  readonly connected = true;
  readonly local: PeerAddress;
  readonly link: UdpLink;
  private readonly sends = new UdpSendCounter();
  private readonly sweep: UdpIdleSweep;

  constructor(
    readonly socket: Socket,
    readonly maxDatagramSize: number,
  ) {
    this.local = udpAddressOf(socket, 'local');
    const link = (this.link = new UdpLink(this, udpAddressOf(socket, 'remote')));
    this.sweep = new UdpIdleSweep(
      () => [link],
      0,
      () => undefined,
    );
    socket.on('message', (datagram: Buffer) => {
      // Larger than we would send either: dropped, as a listener drops it.
      if (datagram.length <= maxDatagramSize) link.receive(datagram);
    });
    socket.on('error', (err: Error) => link.reportError(fromSystemError(err, 'talk to', formatPeer(link.remote))));
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

  gone(): void {
    this.sweep.stop();
    void this.sends.closeWhenSent(this.socket);
  }

  droppedWhilePaused(): void {}
}
