import type { FanOutSource } from '@switchboard/core/transport';
import type { IdleSweep } from './idle-sweep.js';
import type { NativeBinding } from './native-binding.js';
import type { NativeLink } from './native-link.js';
import type { WriteProgram } from './write-program.js';

/** What a fan-out needs of its loop. */
export interface FanOutHost {
  readonly program: WriteProgram;
  /** Queues `data` for `members[0..count)` but `except`, in the turn's program, and schedules the flush. */
  fanOutWrite(data: Uint8Array, members: Uint32Array, count: number, except: number): void;
}

/** A link's place in one fan-out (NativeFanOut), as the link keeps it. */
export interface FanOutMembership {
  readonly group: {
    /** The link fell behind (true) or caught up; answers the messages sent to it while it was in. */
    place(membership: FanOutMembership, behind: boolean): number;
    sentSince(membership: FanOutMembership): number;
  };
  /** The fan-out's message count when the link came in, plus the messages it was the `except` of. */
  base: number;
}

/** What a NativeLink needs of its loop. */
export interface LinkHost extends FanOutHost {
  readonly binding: NativeBinding;
  readonly idle: IdleSweep;
  /** Bytes the addon has sent per descriptor (a connection reads its own from where it started). */
  readonly written: Float64Array;
  readonly fanOut: FanOutSource;
  /** Flush `link` at the end of this turn (once, however often it is asked). */
  schedule(link: NativeLink): void;
  /** The socket is closed: drop the id. */
  forget(link: NativeLink): void;
}
