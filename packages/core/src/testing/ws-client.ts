import { WebSocket, type ClientOptions, type RawData } from 'ws';

/** How a WebSocket ended: the close code and reason the client saw (1006 when the socket just dropped). */
export interface WsClosed {
  readonly code: number;
  readonly reason: string;
}

/**
 * A real WebSocket client for tests: queues messages (text as strings, binary as Buffers),
 * reads them one by one with a timeout, and reports the close code. Every wait is bounded.
 */
export class WsClient {
  private readonly queue: (string | Buffer)[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly closed: Promise<WsClosed>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.queue.push(isBinary ? (data as Buffer) : (data as Buffer).toString('utf8'));
      this.wake();
    });
    ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      ws.on('close', (code: number, reason: Buffer) => {
        this.wake();
        resolve({ code, reason: reason.toString('utf8') });
      }),
    );
  }

  /** Opens `url`; rejects with the HTTP status (e.g. `HTTP 403`) when the server refuses the upgrade. */
  static connect(url: string, options: ClientOptions = {}, timeoutMs = 5000): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new WsClient(ws);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`connect to ${url} timed out`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(client);
      });
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        res.resume();
        ws.terminate();
        reject(new Error(`HTTP ${res.statusCode}`));
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Sends a text (string) or binary (bytes) message. */
  send(data: string | Uint8Array): void {
    this.ws.send(data);
  }

  /** The next message, text or binary. */
  async next(timeoutMs = 5000): Promise<string | Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('closed before a message arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.queue.shift()!;
  }

  /** The next text message; fails on a binary one. */
  async nextText(timeoutMs = 5000): Promise<string> {
    const msg = await this.next(timeoutMs);
    if (typeof msg !== 'string') throw new Error(`expected a text message, got ${msg.length} binary bytes`);
    return msg;
  }

  /** Skips messages until one matches `pattern`. */
  async textMatching(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const msg = await this.next(Math.max(1, deadline - Date.now()));
      if (typeof msg === 'string' && pattern.test(msg)) return msg;
    }
  }

  /** Resolves with the close code once the connection is gone; fails after `timeoutMs`. */
  waitForClose(timeoutMs = 5000): Promise<WsClosed> {
    return Promise.race([
      this.closed,
      new Promise<never>((_, reject) => {
        const timer = setTimeout(() => reject(new Error(`not closed within ${timeoutMs} ms`)), timeoutMs);
        void this.closed.then(() => clearTimeout(timer));
      }),
    ]);
  }

  /** Starts the closing handshake. */
  close(code = 1000, reason?: string): void {
    this.ws.close(code, reason);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
