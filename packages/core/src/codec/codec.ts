import type { SwitchboardError } from '../errors.js';

/** Where a decoder delivers what it has framed (messages of type `M`). Implemented by the Channel. */
export interface DecoderSink<M = unknown> {
  message(msg: M): void;
  error(err: SwitchboardError): void;
}

/** Turns a byte stream into messages for one channel; holds that channel's partial input. */
export interface Decoder {
  push(chunk: Buffer): void;
  /** Bytes held for an unfinished message: what a limit bounds (diagnostics and tests). */
  readonly bufferedBytes: number;
  /** The peer half-closed: deliver what is left (a last line without its newline). */
  finish(): void;
}

/**
 * A framing: the per-listener, stateless half (encode) plus a factory for the per-channel,
 * stateful half (the decoder), whose messages (`M`) are what handlers receive. Handlers never
 * see bytes they did not ask for, and the peer never gets bytes it did not ask for.
 */
export interface Codec<M = unknown> {
  readonly name: string;
  /**
   * True when every chunk is a whole message as it stands (raw bytes; WebSocket messages):
   * channels then skip the decoder and hand data straight to the chain.
   */
  readonly passThrough?: boolean;
  /**
   * What a message transport's (WebSocket's) messages become: 'text', strings (a binary
   * message is a PROTOCOL_ERROR, close 1003); 'bytes', Buffers (text as its UTF-8 bytes).
   * Absent: as they came, text as strings and binary as Buffers, or bytes into a decoder.
   */
  readonly messages?: 'text' | 'bytes';
  createDecoder(sink: DecoderSink<M>): Decoder;
  /** What goes on the wire for one message written by a handler. */
  encode(msg: string | Uint8Array): string | Uint8Array;
  /**
   * A one-line notice (an ERROR refusal, a goodbye) in this protocol, for protocols whose peers
   * read such lines (lines; a RESP `-ERR`). Absent: peers get none unless the listener sets
   * `notices: true`; a refusal is then just a close, its reason in the log.
   */
  notice?(text: string): string | Uint8Array;
}

/** Framing limits; every one has a safe default. */
export interface CodecOptions {
  /** Longest line in bytes, delimiter excluded (default 64 KiB). */
  maxLineLength?: number;
  /** Largest length-prefixed frame payload in bytes (default 1 MiB). */
  maxFrameLength?: number;
  /** What the line codec appends to each written line (default "\n"). */
  lineEnding?: '\n' | '\r\n';
}

export const CODEC_DEFAULTS: Required<CodecOptions> = {
  maxLineLength: 64 * 1024,
  maxFrameLength: 1024 * 1024,
  lineEnding: '\n',
};
