import type { Handler } from '../handler/handler.js';

// Taken at import, before a test installs fake timers, so waiting still works under them.
const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;

/**
 * Keeps the promises handler methods return, so a test can wait for the work a message started
 * (a store lookup, say) instead of for time. The pipeline still sees the same promises.
 */
export class HandlerPromises {
  private readonly pending = new Set<Promise<unknown>>();

  /** The handler as the pipeline should see it: the same methods, their promises noted on the way out. */
  watch<H extends Handler>(handler: H): H {
    return new Proxy(handler, {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string' || !key.startsWith('on')) return value;
        return (...args: unknown[]) => this.note(value.apply(target, args));
      },
    });
  }

  /**
   * Resolves once no handler promise is pending and what their settling set off (a failure, a
   * close) has run; rejects after `timeoutMs` naming how many are still pending.
   */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    do {
      if (this.pending.size > 0) await this.oneSettles(deadline, timeoutMs);
      // A settled promise's reactions (the pipeline failing the channel, a close) run in later microtasks.
      await new Promise((resolve) => realSetImmediate(resolve));
    } while (this.pending.size > 0);
  }

  private note(result: unknown): unknown {
    if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return result;
    const promise = Promise.resolve(result);
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return result;
  }

  private async oneSettles(deadline: number, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = realSetTimeout(
        () => reject(new Error(`${this.pending.size} handler promise(s) still pending after ${timeoutMs} ms`)),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      await Promise.race([Promise.allSettled(this.pending), timeout]);
    } finally {
      realClearTimeout(timer);
    }
  }
}
