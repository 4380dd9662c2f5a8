import type { SwitchboardError } from '../errors.js';
import type { Handler, HandlerContext } from '../handler/handler.js';

/**
 * A handler for the test side of a channel pair: records what arrives and lets a test await the
 * next message, the close, or an error. Every wait is bounded.
 */
export class MessageRecorder implements Handler {
  readonly messages: unknown[] = [];
  readonly errors: SwitchboardError[] = [];
  isClosed = false;
  private read = 0;
  private waiters: (() => void)[] = [];

  onMessage(_ctx: HandlerContext, msg: unknown): void {
    this.messages.push(msg);
    this.wake();
  }

  onError(_ctx: HandlerContext, err: SwitchboardError): void {
    this.errors.push(err);
  }

  onClose(): void {
    this.isClosed = true;
    this.wake();
  }

  /** The next message not yet returned; rejects after `timeoutMs` or when the channel closed first. */
  async next(timeoutMs = 2000): Promise<unknown> {
    await this.until(() => this.read < this.messages.length || this.isClosed, timeoutMs, 'a message');
    if (this.read < this.messages.length) return this.messages[this.read++];
    throw new Error(`channel closed after ${this.messages.length} messages`);
  }

  /** Resolves once the channel has closed. */
  waitForClose(timeoutMs = 2000): Promise<void> {
    return this.until(() => this.isClosed, timeoutMs, 'the channel to close');
  }

  private async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
