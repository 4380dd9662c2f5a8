import { StringDecoder } from 'node:string_decoder';
import type { Connection, Handler, ReconnectingClient, SwitchboardError } from '@switchboard/core';
import { ExitCode } from '../exit-codes.js';

/** The terminal's streams (the process's, or a test's). */
export interface TerminalIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Joins the terminal to one connection, like nc or wscat: stdin to the server, the server to
 * stdout. On a stream (tcp, tls, unix) bytes pass unchanged both ways; on a message transport
 * (ws, wss, udp) each stdin line is one message and each message one stdout line. Backpressure
 * holds both ways: a server that does not read pauses stdin, a stdout that does not drain pauses
 * the connection.
 */
export class TerminalSession {
  private connection?: Connection;
  private client?: ReconnectingClient;
  private stdinEnded = false;
  private finishing = false;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  /** Read from stdin while no connection was up (stdin is paused then, so this stays small). */
  private readonly pending: (string | Buffer)[] = [];
  private lingerTimer?: NodeJS.Timeout;
  private failure?: SwitchboardError;
  private settle!: (code: ExitCode) => void;
  /** The exit code, once the session is over. */
  readonly done = new Promise<ExitCode>((resolve) => (this.settle = resolve));

  readonly handler: Handler<string | Uint8Array> = {
    onOpen: (ctx) => this.opened(ctx.connection),
    onMessage: (ctx, msg) => this.received(ctx.connection, msg),
    onError: (_ctx, err) => void (this.failure = err),
    onClose: () => this.closed(),
  };

  constructor(
    private readonly stream: boolean,
    private readonly lingerMs: number,
    private readonly io: TerminalIo,
  ) {
    io.stdin.pause();
    io.stdin.on('data', (chunk: Buffer) => this.input(chunk));
    io.stdin.once('end', () => this.inputEnded());
    io.stdin.once('error', () => this.inputEnded());
  }

  /** With --reconnect: the client to stop when the session ends, instead of letting it dial again. */
  keep(client: ReconnectingClient): void {
    this.client = client;
  }

  private opened(connection: Connection): void {
    this.connection = connection;
    for (const item of this.pending.splice(0)) this.send(item);
    if (this.stdinEnded) this.finishSending();
    else this.io.stdin.resume();
  }

  private received(connection: Connection, msg: string | Uint8Array): void {
    // A message is one line; a datagram from a line server may carry its newline already.
    const text = this.stream ? msg : msg.toString();
    const more = this.io.stdout.write(typeof text === 'string' && !text.endsWith('\n') ? `${text}\n` : text);
    if (!more) {
      connection.pause();
      this.io.stdout.once('drain', () => connection.resume());
    }
    if (this.lingerTimer) this.lingerTimer.refresh();
  }

  private input(chunk: Buffer): void {
    if (this.stream) return this.send(chunk);
    const text = this.partial + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.send(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  private send(item: string | Buffer): void {
    const connection = this.connection;
    if (!connection?.isOpen) {
      this.pending.push(item);
      this.io.stdin.pause();
      return;
    }
    if (!connection.write(item)) {
      this.io.stdin.pause();
      void connection.drained().then(() => {
        if (this.connection === connection && !this.stdinEnded) this.io.stdin.resume();
      });
    }
  }

  private inputEnded(): void {
    if (this.stdinEnded) return;
    this.stdinEnded = true;
    const rest = this.partial + this.decoder.end();
    if (!this.stream && rest !== '') this.send(rest);
    if (this.connection?.isOpen) this.finishSending();
  }

  /** Stdin is done: half-close a stream; on a message transport, wait until the server is quiet, then close. */
  private finishSending(): void {
    this.finishing = true;
    const connection = this.connection!;
    if (this.stream) return connection.end();
    this.lingerTimer = setTimeout(() => connection.close(), this.lingerMs);
  }

  private closed(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.connection = undefined;
    this.io.stdin.pause();
    if (this.client && !this.finishing) return; // it dials again; stdin waits
    this.client?.close();
    this.end(this.failure && !this.finishing ? ExitCode.FAILURE : ExitCode.OK);
  }

  /** Ends the session: prints `line` (if any) on stderr once stdout has flushed. */
  end(code: ExitCode, line?: string): void {
    this.io.stdin.pause();
    if (this.failure && code === ExitCode.FAILURE && line === undefined) line = this.failure.message;
    this.io.stdout.write('', () => {
      if (line !== undefined) this.io.stderr.write(`${line}\n`);
      this.settle(code);
    });
  }
}
