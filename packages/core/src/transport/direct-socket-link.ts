import type { Socket } from 'node:net';
import { DirectTarget, type DirectFanOuts, type DirectLink } from './direct-fan-out.js';
import { descriptorOf } from './direct-send.js';
import type { FanOutSource } from './link.js';

/**
 * What NetLink and WsLink share as links over a node:net socket that direct sends may reach: the
 * socket's counters with the bytes sent below it, and the link's place in direct fan-outs.
 */
export abstract class DirectSocketLink implements DirectLink {
  /** Made when it first joins a direct fan-out or is sent to directly; most idle links never have one. */
  protected direct?: DirectTarget;

  constructor(
    protected readonly socket: Socket,
    /** Where its writes may be sent straight to its descriptor (plain TCP or ws, with the addon). */
    protected readonly directFanOuts?: DirectFanOuts,
  ) {}

  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  get bytesWritten(): number {
    return this.direct === undefined ? this.socket.bytesWritten : this.socket.bytesWritten + this.direct.bytes;
  }

  get fanOut(): FanOutSource | undefined {
    return this.directFanOuts !== undefined && descriptorOf(this.socket) >= 0 ? this.directFanOuts : undefined;
  }

  get fannedOut(): number | undefined {
    return this.direct?.messages;
  }

  get directTarget(): DirectTarget {
    return (this.direct ??= new DirectTarget(this.directFanOuts!, this, descriptorOf(this.socket)));
  }

  abstract directFd(): number;
  abstract sentDirect(): void;
  abstract writeRest(data: Uint8Array, offset: number): void;
}
