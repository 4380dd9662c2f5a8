import { peerErrorText } from '../channel/notice.js';
import type { ErrorCode } from '../errors.js';
import type { CloseReason } from './link.js';

/** WebSocket close status codes (RFC 6455 §7.4.1) that Switchboard sends. */
export const WsCloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  /** A binary message on a text (lines) listener. */
  UNSUPPORTED_DATA: 1003,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
} as const;

const CODE_FOR_ERROR: Partial<Record<ErrorCode, number>> = {
  PAYLOAD_TOO_LARGE: WsCloseCode.MESSAGE_TOO_BIG,
  FRAME_TOO_LONG: WsCloseCode.MESSAGE_TOO_BIG,
  MAX_CONNECTIONS: WsCloseCode.TRY_AGAIN_LATER,
  HANDLER_FAILED: WsCloseCode.INTERNAL_ERROR,
  REACTOR_CLOSED: WsCloseCode.GOING_AWAY,
};

/** A close frame's reason may carry at most 123 bytes of UTF-8. */
const MAX_REASON_BYTES = 123;

/** The close status for a CloseReason: an error's code picks it, else shutdown (1001) or normal (1000). */
export function closeCodeFor(reason: CloseReason | undefined): number {
  const err = reason?.error;
  if (err) return err.wsCloseCode ?? CODE_FOR_ERROR[err.code] ?? WsCloseCode.POLICY_VIOLATION;
  return reason?.shutdown ? WsCloseCode.GOING_AWAY : WsCloseCode.NORMAL;
}

/**
 * The close frame's reason text, at most 123 bytes: the error code and message (never a
 * handler's internals), or on shutdown the goodbye.
 */
export function closeTextFor(reason: CloseReason | undefined): string {
  const err = reason?.error;
  if (err) return trimUtf8(peerErrorText(err));
  return reason?.shutdown ? trimUtf8(reason.reason ?? 'server shutting down') : '';
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function trimUtf8(text: string, maxBytes = MAX_REASON_BYTES): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
