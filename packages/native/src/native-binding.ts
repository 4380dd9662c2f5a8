import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * What the addon exports (src/addon/addon.cc). Ids are connection or listener ids with a
 * generation in the top bits, so an id never reaches a socket that reused its descriptor.
 */
export interface NativeBinding {
  /**
   * Starts the loop; `onBatch` gets one call per turn: records of [kind, id, a, b], the accepted
   * addresses in order, and a new ArrayBuffer holding every byte read in the turn (DATA records
   * give offset and length in it).
   */
  start(onBatch: (records: Uint32Array, values: unknown[], bytes: ArrayBuffer) => void): void;
  /**
   * Binds a literal IPv4/IPv6 address; [listenerId, port]. Throws a Node-shaped system error.
   * `reusePort` sets SO_REUSEPORT: each --workers process binds its own socket on the shared port.
   */
  listen(
    host: string,
    port: number,
    backlog: number,
    noDelay: boolean,
    keepAliveMs: number,
    reusePort?: boolean,
  ): [number, number];
  /** One sendmsg of up to 1024 chunks: bytes sent, 0 when it would block, or -errno. */
  send(id: number, chunks: readonly Uint8Array[]): number;
  /**
   * The turn's writes in one call: `ops[0..length)` is a program of DIRECT_OP and FAN_OUT_OP
   * records over `chunks`, laid out per connection in program order, one sendmsg each. Returns
   * undefined when the kernel took everything, else records of [id, errno (0: it would block),
   * count, then count pairs of (chunk index, offset)]: what is left for that connection, in order.
   */
  sendAll(ops: Uint32Array, length: number, chunks: readonly (Uint8Array | Uint32Array)[]): Uint32Array | undefined;
  /**
   * One non-blocking send (MSG_DONTWAIT | MSG_NOSIGNAL) of `data` to each of `fds[0..count)`, for
   * sockets node:net owns; needs no loop. `sent[i]` gets the bytes taken or -errno. Absent from an
   * addon built before it.
   */
  sendEach?(data: Uint8Array, fds: Int32Array, count: number, sent: Int32Array): void;
  /**
   * "io_uring" when sendEach / sendAll submit many sends in one io_uring_enter, else "off: <why>"
   * (SWITCHBOARD_NO_URING=1, io_uring_setup failed). Absent from an addon built before it.
   */
  sendBatching?(): string;
  /** The loop adds every byte it sends to a connection to `table[fd]` (kept for the process's life). */
  countWrites(table: Float64Array): void;
  shutdown(id: number): number;
  close(id: number): number;
  setInterest(id: number, read: boolean, write: boolean): number;
  resumeListener(id: number): number;
  /** Listeners and connections the addon holds open. */
  openSockets(): number;
}

/** Batch record kinds (readiness-loop.h). */
export const ACCEPT = 1;
export const DATA = 2;
export const END = 3;
export const ERROR = 4;
export const WRITABLE = 5;
export const LISTENER_PAUSED = 6;

/** sendAll program records (readiness-loop.h): [DIRECT_OP, id, chunk], [FAN_OUT_OP, chunk, members, count, except]. */
export const DIRECT_OP = 1;
export const FAN_OUT_OP = 2;
/** No connection (a fan-out with no `except`). */
export const NO_CONNECTION = 0xffffffff;
/** Connection ids carry the descriptor in their low 20 bits. */
export const FD_MASK = (1 << 20) - 1;

/** Set to 0 to keep the addon unloaded (the fallback, and for comparing transports). */
export const DISABLE_ENV = 'SWITCHBOARD_NATIVE';

const ADDON = fileURLToPath(new URL('../build/Release/switchboard_native.node', import.meta.url));

let loaded: { binding?: NativeBinding; reason?: string } | undefined;

/** The addon, or why it is not there (no build for this platform, disabled, failed to load). Loaded once. */
export function loadNativeBinding(): { binding?: NativeBinding; reason?: string } {
  return (loaded ??= load());
}

function load(): { binding?: NativeBinding; reason?: string } {
  if (process.env[DISABLE_ENV] === '0') return { reason: `${DISABLE_ENV}=0` };
  if (process.platform !== 'linux') return { reason: `${process.platform} has no epoll` };
  if (!existsSync(ADDON)) return { reason: `not built (${ADDON} is missing; run pnpm install)` };
  try {
    return { binding: createRequire(import.meta.url)(ADDON) as NativeBinding };
  } catch (err) {
    return { reason: `failed to load: ${err instanceof Error ? err.message : String(err)}` };
  }
}
