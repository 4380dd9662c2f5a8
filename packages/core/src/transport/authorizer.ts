import type { UpgradeRequest } from '../channel/connection.js';

/** An authorizer's answer: let the client in (with an identity its handlers can read), or refuse it. */
export type AuthDecision =
  | { readonly allow: true; readonly identity?: unknown }
  | { readonly allow: false; readonly status: 401 | 403; readonly reason?: string };

/**
 * Decides a WebSocket upgrade request before the upgrade, after the Origin check and the
 * listener's connection limits. A refused client gets the HTTP status and never reaches a
 * handler. May be async; it has the listener's `handshakeTimeout` to answer (else 503). One
 * that throws or rejects refuses the client with 500 and a log line.
 */
export interface Authorizer {
  authorize(request: UpgradeRequest): AuthDecision | Promise<AuthDecision>;
}

/** The `authorize` listen option: an Authorizer, or just its function. */
export type AuthorizeOption = Authorizer | Authorizer['authorize'];

/** `{ allow: true, identity }`. */
export const allow = (identity?: unknown): AuthDecision => ({ allow: true, identity });

/** `{ allow: false, status, reason }`: 401 when the client did not say who it is, 403 when it may not come in. */
export const deny = (status: 401 | 403, reason?: string): AuthDecision => ({ allow: false, status, reason });
