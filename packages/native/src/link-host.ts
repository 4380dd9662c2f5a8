import type { IdleSweep } from './idle-sweep.js';
import type { NativeBinding } from './native-binding.js';
import type { NativeLink } from './native-link.js';

/** What a NativeLink needs of its loop. */
export interface LinkHost {
  readonly binding: NativeBinding;
  readonly idle: IdleSweep;
  /** Flush `link` at the end of this turn (once, however often it is asked). */
  schedule(link: NativeLink): void;
  /** The socket is closed: drop the id. */
  forget(link: NativeLink): void;
}
