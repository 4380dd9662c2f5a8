import type { Codec, CodecFactory, Decoder, DecoderSink } from '@switchboard/core';
import { respCodecLimits, type RespCodecOptions } from './resp-codec-options.js';
import { RespDecoder } from './resp-decoder.js';

/** `ERROR <CODE> ` as the channel words its notices; the RESP error carries only the message. */
const NOTICE_PREFIX = /^ERROR [A-Z_]+ /;
const LINE_BREAKS = /[\r\n]/g;

/**
 * RESP2 for a server: decodes client commands (arrays of bulk strings, or inline lines) into
 * `Buffer[]`, and writes replies that handlers have already encoded (see ReplyWriter) as they are.
 * Error notices (a protocol error, a refusal) go out as one RESP error, `-ERR …`; other notices
 * (the goodbye at shutdown) as nothing, since a reply nobody asked for would be taken by a client
 * as the answer to its next command (Redis, too, just closes).
 */
export class RespCodec implements Codec {
  readonly name = 'resp';
  readonly limits: Required<RespCodecOptions>;

  constructor(options: RespCodecOptions = {}) {
    this.limits = respCodecLimits(options);
  }

  createDecoder(sink: DecoderSink): Decoder {
    return new RespDecoder(sink, this.limits);
  }

  encode(msg: string | Uint8Array): string | Uint8Array {
    return msg;
  }

  notice(text: string): string {
    if (!NOTICE_PREFIX.test(text)) return '';
    // A simple error is one line: CR or LF inside it would start a forged reply.
    return `-ERR ${text.replace(NOTICE_PREFIX, '').replace(LINE_BREAKS, ' ')}\r\n`;
  }
}

/**
 * The RESP framing for `@handler(…, { framing })`: the listener's `maxLineLength` bounds inline
 * commands and headers; `options` set the RESP limits (bulk, array and request sizes).
 */
export function respFraming(options: RespCodecOptions = {}): CodecFactory {
  return (limits) => new RespCodec({ maxLineLength: limits.maxLineLength, ...options });
}

/** The framing the RESP handler declares, with the default limits. */
export const RESP_FRAMING: CodecFactory = respFraming();
