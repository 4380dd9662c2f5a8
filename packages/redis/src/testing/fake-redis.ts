import { createServer, type Server, type Socket } from 'node:net';
import { encodeCommand } from '../resp-command.js';
import { RespReader, type RespValue } from '../resp-reader.js';

/** What a test's fake Redis does beyond the handshake. */
export interface FakeRedisBehaviour {
  /** Called once a connection has subscribed: the place to misbehave on the subscriber side. */
  onSubscribe?(socket: Socket, channel: string): void;
  /** Called for each PUBLISH; return false to stall: that and every later command stay unanswered. */
  onPublish?(socket: Socket, channel: string, data: Buffer): boolean;
  /** False: accept connections and answer nothing at all (a Redis that hangs). */
  answers?: boolean;
}

/**
 * A Redis impostor on 127.0.0.1, port 0, for tests: it answers AUTH, PING and SUBSCRIBE as Redis
 * does, then lets the test misbehave. It reads clients' commands with the project's own reader.
 */
export class FakeRedis {
  /** Connections accepted so far (reconnections count). */
  connections = 0;
  readonly commands: string[][] = [];
  /** Connections that have subscribed and are still open. */
  readonly subscribers = new Set<Socket>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly behaviour: FakeRedisBehaviour,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(behaviour: FakeRedisBehaviour = {}): Promise<FakeRedis> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeRedis(server, behaviour);
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  url(credentials = ''): string {
    return `redis://${credentials}127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => (this.sockets.delete(socket), this.subscribers.delete(socket)));
    socket.on('error', () => socket.destroy());
    let subscribed = false;
    let stalled = false;
    const limits = { maxLineBytes: 1024, maxBulkBytes: 64 << 20, maxArrayLength: 16, maxDepth: 1 };
    const reader = new RespReader(limits, (value) => {
      const args = (value as RespValue[]).map((arg) => (arg as Buffer).toString('latin1'));
      this.commands.push(args);
      if (this.behaviour.answers === false || stalled) return;
      const [name = '', channel = ''] = args;
      switch (name.toUpperCase()) {
        case 'SUBSCRIBE':
          subscribed = true;
          this.subscribers.add(socket);
          socket.write(reply(['subscribe', channel], 1));
          return this.behaviour.onSubscribe?.(socket, channel);
        case 'PUBLISH':
          stalled = this.behaviour.onPublish?.(socket, channel, (value as Buffer[])[2]!) === false;
          if (!stalled) socket.write(':1\r\n');
          return;
        case 'PING':
          socket.write(subscribed ? reply(['pong', '']) : '+PONG\r\n');
          return;
        default:
          socket.write('+OK\r\n');
      }
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch {
        socket.destroy();
      }
    });
  }
}

/** A pub/sub reply: an array of bulk strings, and an integer last when `count` is given. */
function reply(items: string[], count?: number): Buffer {
  const head = encodeCommand(items);
  if (count === undefined) return head;
  const withCount = Buffer.from(`*${items.length + 1}`);
  return Buffer.concat([withCount, head.subarray(head.indexOf('\r\n')), Buffer.from(`:${count}\r\n`)]);
}
