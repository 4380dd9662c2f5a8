import type { Socket } from 'node:net';
import type { SwitchboardError } from '../errors.js';
import { peerOf } from './net-link.js';
import type { Admission } from './transport.js';

/**
 * Holds raw sockets to a listener's Admission: a slot from accept until the socket closes. The
 * release is one 'close' listener shared by every socket of the gate, not a closure per socket.
 */
export class SocketGate {
  private readonly onClose: (this: Socket) => void;

  constructor(readonly admission: Admission) {
    // Node caches the peer address once read, so a closed socket still reports it here.
    this.onClose = function (this: Socket) {
      admission.release(this.remoteAddress);
    };
  }

  /** Reserves a slot for a freshly accepted socket; the refusal (the socket untouched) when none is free. */
  enter(socket: Socket): SwitchboardError | undefined {
    const refusal = this.admission.admit(socket.remoteAddress);
    if (refusal === undefined) socket.on('close', this.onClose);
    return refusal;
  }

  /**
   * Moves an admitted socket's slot to another gate (a WebSocket path on a port several listeners
   * share); on refusal the socket keeps its slot here. A wss:// socket is the TLS stream over the
   * admitted one, so its slot stays with the port's first listener.
   */
  moveTo(socket: Socket, other: SocketGate): SwitchboardError | undefined {
    if (other === this || !socket.listeners('close').includes(this.onClose)) return undefined;
    const refusal = other.enter(socket);
    if (refusal !== undefined) return refusal;
    socket.removeListener('close', this.onClose);
    this.admission.release(socket.remoteAddress);
    return undefined;
  }

  /** Reports a refusal for a socket that gets no link (TLS before its handshake, an HTTP upgrade). */
  refuse(socket: Socket, error: SwitchboardError): void {
    this.admission.refuse(peerOf(socket, 'remote'), error);
  }
}
