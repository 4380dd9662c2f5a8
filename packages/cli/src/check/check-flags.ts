import type { ServeFlag } from '../serve/serve-flags.js';

/** `check`'s own flags, beside all of `serve`'s. */
export const CHECK_FLAGS = {
  'load-plugins': {
    type: 'boolean',
    help: 'import the plugins and run their register(container), so that their handler names are checked too',
  },
} as const satisfies Record<string, ServeFlag>;
