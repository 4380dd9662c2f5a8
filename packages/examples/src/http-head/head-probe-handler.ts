import { SwitchboardError, type Handler, type HandlerContext } from '@switchboard/core';

/** What a HEAD request learned: the status line and the headers. */
export interface HeadResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
}

/**
 * The client side of the seed's `socket_connect` + HEAD example, as a handler on an outbound
 * channel: it sends the request on open and reads header lines until the blank line.
 */
export class HeadProbeHandler implements Handler<string> {
  readonly response: Promise<HeadResponse>;
  private resolve!: (response: HeadResponse) => void;
  private reject!: (err: Error) => void;
  private statusLine?: string;
  private readonly headers: Record<string, string> = {};

  constructor(
    private readonly host: string,
    private readonly path: string,
  ) {
    this.response = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  onOpen(ctx: HandlerContext): void {
    ctx.write(`HEAD ${this.path} HTTP/1.1`);
    ctx.write(`Host: ${this.host}`);
    ctx.write('Connection: close');
    ctx.write('');
  }

  onMessage(ctx: HandlerContext, line: string): void {
    if (this.statusLine === undefined) {
      this.statusLine = line;
      return;
    }
    if (line === '') {
      this.finish();
      ctx.close();
      return;
    }
    const colon = line.indexOf(':');
    if (colon > 0) this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }

  onClose(): void {
    this.finish();
  }

  onError(_ctx: HandlerContext, err: SwitchboardError): void {
    this.reject(err);
  }

  private finish(): void {
    const match = /^HTTP\/\d\.\d (\d{3}) ?(.*)$/.exec(this.statusLine ?? '');
    if (!match) {
      this.reject(new SwitchboardError('BAD_OPTION', `Not an HTTP response: ${JSON.stringify(this.statusLine ?? '')}`));
      return;
    }
    this.resolve({ status: Number(match[1]), statusText: match[2] ?? '', headers: this.headers });
  }
}
