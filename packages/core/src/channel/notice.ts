import type { Codec } from '../codec/codec.js';
import type { SwitchboardError } from '../errors.js';

/** What decides whether and how a connection's peer is told things in words. */
export interface NoticeSettings {
  readonly codec: Codec;
  /** The listener's `notices` option: absent means "if the protocol has notices" (lines do). */
  readonly notices?: boolean;
  /** Our own outbound connections never write notices into the server's protocol. */
  readonly outbound?: boolean;
}

/** What a peer is told of an error: its code and message, never a handler's internals. */
export function peerErrorText(err: SwitchboardError): string {
  return `${err.code} ${err.code === 'HANDLER_FAILED' ? 'internal error' : err.message}`;
}

/**
 * A notice (an `ERROR …` refusal, a goodbye) framed for this peer, or undefined when it gets
 * none: raw, length-prefixed and WebSocket peers get none unless the listener sets
 * `notices: true` (WebSocket peers read close codes and reasons instead).
 */
export function noticeFor(
  settings: NoticeSettings,
  linkKind: 'stream' | 'message',
  text: string,
): string | Uint8Array | undefined {
  if (settings.outbound || settings.notices === false) return undefined;
  const codec = settings.codec;
  if (codec.notice !== undefined) return codec.notice(text);
  if (settings.notices !== true) return undefined;
  // Asked for on a protocol without notices: a text message, a line of raw bytes, or one frame.
  if (linkKind === 'message') return text;
  return codec.passThrough ? `${text}\n` : codec.encode(text);
}
