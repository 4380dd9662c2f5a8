/**
 * One queue for every test link, as one event loop serves every socket: a close that a broadcast
 * from one channel causes on another runs once the sender's event has returned.
 */
export const turn = {
  queue: [] as (() => void)[],
  running: false,
  run(event: () => void): void {
    this.queue.push(event);
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) this.queue.shift()!();
    } catch (err) {
      // What was queued behind a failing event belongs to it: never let it run in the next test.
      this.queue.length = 0;
      throw err;
    } finally {
      this.running = false;
    }
  },
  later(event: () => void): void {
    if (this.running) this.queue.push(event);
    else queueMicrotask(() => this.run(event));
  },
};
