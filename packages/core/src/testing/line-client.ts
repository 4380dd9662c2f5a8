import { connect, type NetConnectOpts, type Socket } from 'node:net';

/** Where a test client connects: a TCP port (and host) or a unix socket path. */
export type ClientTarget = { port: number; host?: string } | { path: string };

/**
 * A real TCP or unix-socket client for tests: reads whole lines with a timeout, writes text
 * or bytes, half-closes, and reports when the server closed. Every wait is bounded.
 */
export class LineClient {
  /** Chunks not yet consumed by readLine; joined only when a line is read (joining per chunk is quadratic). */
  private unread: Buffer[] = [];
  /** Every chunk received, joined lazily by `received`. */
  private chunks: Buffer[] = [];
  private receivedLength = 0;
  private readonly waiters: (() => void)[] = [];
  private ended = false;
  /** Set false to keep sending after the server half-closed. */
  endOnServerEnd = true;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.unread.push(chunk);
      this.receivedLength += chunk.length;
      this.wake();
    });
    socket.on('error', () => {});
    // The server finished sending: it will say no more, so stop waiting (and, like telnet, finish our side).
    socket.on('end', () => {
      this.ended = true;
      this.wake();
      if (this.endOnServerEnd) socket.end();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(target: ClientTarget, timeoutMs = 5000): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ ...target, allowHalfOpen: true } as NetConnectOpts);
      const timer = setTimeout(() => reject(new Error('connect timed out')), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new LineClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Every byte the server sent, in order. */
  get received(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.receivedLength)];
    return this.chunks[0]!;
  }

  /** Sends `text` followed by a newline. */
  send(text: string, newline = '\n'): void {
    this.socket.write(text + newline);
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** The next line (without its LF or CRLF); rejects after `timeoutMs` or when the server closed first. */
  async readLine(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.unread.length > 1) this.unread = [Buffer.concat(this.unread)];
      const buffered = this.unread[0] ?? Buffer.alloc(0);
      const newline = buffered.indexOf(10);
      if (newline !== -1) {
        const line = buffered.subarray(0, newline).toString('utf8').replace(/\r$/, '');
        this.unread = newline + 1 < buffered.length ? [buffered.subarray(newline + 1)] : [];
        return line;
      }
      if (this.ended)
        throw new Error(`connection closed before a full line (have: ${JSON.stringify(buffered.toString())})`);
      await this.wait(deadline, 'a line');
    }
  }

  /** Reads lines until one matches; returns it. */
  async readLineMatching(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.readLine(Math.max(1, deadline - Date.now()));
      if (pattern.test(line)) return line;
    }
  }

  /** Waits until at least `count` bytes have arrived in all. */
  async readBytes(count: number, timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.receivedLength < count) {
      if (this.ended) throw new Error(`connection closed after ${this.receivedLength} of ${count} bytes`);
      await this.wait(deadline, `${count} bytes`);
    }
    return this.received;
  }

  /** Resolves once the server closed the connection; rejects after `timeoutMs`. */
  async waitForClose(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) await this.wait(deadline, 'the server to close');
  }

  /** Half-close: no more data from us, but we keep reading. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wait(deadline: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}`)),
        Math.max(1, deadline - Date.now()),
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
