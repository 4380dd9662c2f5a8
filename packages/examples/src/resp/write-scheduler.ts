/** A connection with replies to write at the end of the turn. */
export interface ScheduledWriter {
  writeScheduled(): void;
}

/**
 * Writes the replies of every connection that has some once per turn of the event loop, after
 * all the reads of that turn, as Redis writes its clients' replies before it sleeps. Interleaving
 * a write after each read would wake the peers once per write; writing in a burst at the end of
 * the turn lets a client that is woken by the first reply find the others ready. One scheduler
 * serves a listener's connections, so a turn costs one `setImmediate`, not one per connection.
 */
export class WriteScheduler {
  private waiting: ScheduledWriter[] = [];
  private readonly writeAll = () => {
    const waiting = this.waiting;
    this.waiting = [];
    for (const connection of waiting) connection.writeScheduled();
  };

  /** Writes `connection`'s replies at the end of this turn (call once per turn and connection). */
  schedule(connection: ScheduledWriter): void {
    if (this.waiting.push(connection) === 1) setImmediate(this.writeAll);
  }
}
