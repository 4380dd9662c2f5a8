import type { SwitchboardError } from '../errors.js';

/** Where a decoder delivers what it has framed. Implemented by the Channel. */
export interface DecoderSink {
  message(msg: unknown): void;
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
 * stateful half (the decoder). Handlers never see bytes they did not ask for.
 */
export interface Codec {
  readonly name: string;
  /**
   * True when every chunk is a whole message as it stands (raw bytes; WebSocket messages):
   * channels then skip the decoder and hand data straight to the chain.
   */
  readonly passThrough?: boolean;
  createDecoder(sink: DecoderSink): Decoder;
  /** What goes on the wire for one message written by a handler. */
  encode(msg: string | Uint8Array): string | Uint8Array;
  /** A one-line text notice (an error, a goodbye) framed the way this codec frames messages. */
  notice(text: string): string | Uint8Array;
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
