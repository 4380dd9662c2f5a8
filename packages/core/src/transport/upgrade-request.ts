import type { IncomingHttpHeaders } from 'node:http';
import type { UpgradeRequest } from '../channel/connection.js';

/**
 * What a WebSocket link keeps of its upgrade request: the URL and the headers node:http already
 * parsed, not the request itself (its stream state would stay alive with every connection).
 * Path and query are parsed on first use.
 */
export class KeptUpgradeRequest implements UpgradeRequest {
  private parsed?: URL;

  constructor(
    private readonly url: string,
    readonly headers: Readonly<IncomingHttpHeaders>,
  ) {}

  get path(): string {
    return this.parsedUrl().pathname;
  }

  get query(): URLSearchParams {
    return this.parsedUrl().searchParams;
  }

  private parsedUrl(): URL {
    // The base only completes a request-target such as `/chat?room=a`; its host is never shown.
    return (this.parsed ??= new URL(this.url, 'http://upgrade.invalid'));
  }
}
