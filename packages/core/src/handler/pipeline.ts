import type { Channel } from '../channel/channel.js';
import { SwitchboardError, toError } from '../errors.js';
import type { Handler, HandlerContext, HandlerResult } from './handler.js';

type LifecycleEvent = 'onOpen' | 'onWritable' | 'onIdle' | 'onEnd' | 'onShutdown' | 'onClose';

/** One handler's place in one channel's chain. */
class StageContext implements HandlerContext {
  constructor(
    readonly connection: Channel,
    private readonly pipeline: Pipeline,
    private readonly index: number,
  ) {}

  write(msg: string | Uint8Array): boolean {
    return this.connection.write(msg);
  }

  next(msg: unknown): void {
    this.pipeline.fireMessage(msg, this.index + 1);
  }

  close(): void {
    this.connection.close();
  }

  end(): void {
    this.connection.end();
  }
}

/**
 * A channel's handler chain. Messages enter at the first handler with `onMessage` and move on
 * only through `ctx.next`; lifecycle events reach every handler. Whatever a handler throws or
 * rejects with fails that one channel (HANDLER_FAILED), never the process.
 */
export class Pipeline {
  /** Built on first use: an idle connection whose handlers have no `onOpen` never needs one. */
  private contexts?: StageContext[];

  constructor(
    private readonly channel: Channel,
    private readonly handlers: readonly Handler[],
    private readonly names: readonly string[],
  ) {}

  private context(index: number): StageContext {
    const contexts = (this.contexts ??= []);
    return (contexts[index] ??= new StageContext(this.channel, this, index));
  }

  /**
   * Delivers a message to the first handler at or after `from` that takes messages. Returns what
   * that handler returned (its promise, for timing), undefined if it threw or none took it.
   */
  fireMessage(msg: unknown, from = 0): HandlerResult {
    const handlers = this.handlers;
    for (let i = from; i < handlers.length; i++) {
      const handler = handlers[i]!;
      if (handler.onMessage === undefined) continue;
      try {
        const result = handler.onMessage(this.context(i), msg);
        this.watch(result, i);
        return result;
      } catch (err) {
        this.failed(err, i);
      }
      return undefined;
    }
    return undefined;
  }

  /** Calls `event` on every handler that has it; reports whether any did. */
  fire(event: LifecycleEvent): boolean {
    let handled = false;
    for (let i = 0; i < this.handlers.length; i++) {
      const method = this.handlers[i]![event];
      if (method === undefined) continue;
      handled = true;
      try {
        this.watch(method.call(this.handlers[i], this.context(i)), i);
      } catch (err) {
        this.failed(err, i);
      }
    }
    return handled;
  }

  /** Tells every handler with `onError`; errors thrown there are ignored (the channel is failing already). */
  fireError(err: SwitchboardError): void {
    for (let i = 0; i < this.handlers.length; i++) {
      const handler = this.handlers[i]!;
      if (handler.onError === undefined) continue;
      try {
        void Promise.resolve(handler.onError(this.context(i), err)).catch(() => {});
      } catch {
        // A failing error handler must not hide the original error.
      }
    }
  }

  private watch(result: HandlerResult, index: number): void {
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(undefined, (err: unknown) => this.failed(err, index));
    }
  }

  private failed(thrown: unknown, index: number): void {
    const cause = toError(thrown);
    const err = new SwitchboardError(
      'HANDLER_FAILED',
      `Handler "${this.names[index]}" failed on ${this.channel.peer}: ${cause.message}`,
      { cause },
    );
    this.channel.fail(err);
  }
}
