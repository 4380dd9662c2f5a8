import type { IncomingHttpHeaders } from 'node:http';
import type { UpgradeRequest } from '../channel/connection.js';
import type { PeerAddress } from '../channel/peer-address.js';
import { parseCookies } from './parse-cookies.js';

/**
 * What a WebSocket link keeps of its upgrade request: the URL and the headers node:http already
 * parsed, not the request itself (its stream state would stay alive with every connection).
 * Path, query and cookies are parsed on first use.
 */
export class KeptUpgradeRequest implements UpgradeRequest {
  private parsed?: URL;
  private parsedCookies?: ReadonlyMap<string, string>;
  /** Set once, by the transport, when the listener's authorizer accepts. */
  identity: unknown = undefined;

  constructor(
    private readonly url: string,
    readonly headers: Readonly<IncomingHttpHeaders>,
    readonly remote: PeerAddress,
  ) {}

  get path(): string {
    return this.parsedUrl().pathname;
  }

  get query(): URLSearchParams {
    return this.parsedUrl().searchParams;
  }

  get cookies(): ReadonlyMap<string, string> {
    return (this.parsedCookies ??= parseCookies(this.headers.cookie));
  }

  private parsedUrl(): URL {
    // The base only completes a request-target such as `/chat?room=a`; its host is never shown.
    // The HTTP pool routed this request by the same parse, so it cannot throw here; a target
    // that would have thrown was answered 404 before any listener saw it.
    return (this.parsed ??= new URL(this.url, 'http://upgrade.invalid'));
  }
}
