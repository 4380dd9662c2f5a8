import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';

/**
 * A UDP peer for tests: a socket connected to one server, datagrams out with `send`, each one in
 * waited for with `next` (bounded by a timeout, so a lost datagram fails the test instead of hanging it).
 */
export class UdpClient {
  private readonly received: Buffer[] = [];
  private waiter?: () => void;

  private constructor(readonly socket: Socket) {
    socket.on('message', (datagram: Buffer) => {
      this.received.push(datagram);
      this.waiter?.();
    });
  }

  /** A client on an ephemeral port of the loopback address of `host`'s family, connected to host:port. */
  static async connect(host: string, port: number): Promise<UdpClient> {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, host, () => {
        socket.removeListener('error', reject);
        resolve();
      });
    });
    return new UdpClient(socket);
  }

  /** This client's port: what the server sees as its peer's. */
  get port(): number {
    return this.socket.address().port;
  }

  send(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, (err) => (err ? reject(err) : resolve())));
  }

  /** The next datagram received; rejects after `timeoutMs` without one. */
  async next(timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no datagram within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.received.shift()!;
  }

  /** The next datagram as UTF-8 text. */
  async nextText(timeoutMs?: number): Promise<string> {
    return (await this.next(timeoutMs)).toString('utf8');
  }

  /** Datagrams received and not yet taken by `next`. */
  get pending(): number {
    return this.received.length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(resolve);
      } catch {
        resolve();
      }
    });
  }
}
