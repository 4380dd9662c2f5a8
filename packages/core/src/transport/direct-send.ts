import type { Socket } from 'node:net';

/**
 * Sends one buffer to many sockets' descriptors in one call, below Node's streams
 * (`createDirectSend()` of `@switchboard/native`). Given to `new Reactor({ directSend })`, the
 * tcp:// and ws:// transports send a broadcast straight to each member's socket whose Node queue
 * is empty, instead of one `socket.write` per member.
 */
export interface DirectSend {
  /**
   * One non-blocking send of `data` to each of `fds[0..count)`: `sent[i]` gets the bytes the
   * kernel took, or -errno (-EAGAIN when the socket's buffer is full).
   */
  sendEach(data: Uint8Array, fds: Int32Array, count: number, sent: Int32Array): void;
}

/** What node:net keeps on a socket that says whether anything is still queued. */
interface SocketInternals {
  _handle: { fd?: number } | null;
  writableLength: number;
  writableCorked: number;
  writable: boolean;
}

/** The socket's file descriptor (Linux, a TCP socket's libuv handle), or -1. */
export function descriptorOf(socket: Socket): number {
  const fd = (socket as unknown as SocketInternals)._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : -1;
}

/**
 * True when a send to the socket's descriptor now keeps its order: it is open and writable, and
 * nothing is queued in the stream or corked. libuv's write queue needs no look of its own: a
 * stream write that libuv holds stays in `writableLength` until libuv finishes it (its callback
 * lowers the length), and reading `writeQueueSize` is a call into C++ per member per turn.
 */
export function socketIdle(socket: Socket): boolean {
  const s = socket as unknown as SocketInternals;
  return s._handle !== null && s.writableLength === 0 && s.writableCorked === 0 && s.writable;
}
