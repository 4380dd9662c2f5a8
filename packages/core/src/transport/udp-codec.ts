import type { Codec, Decoder, DecoderSink } from '../codec/codec.js';

/**
 * Each datagram is framed on its own: after its bytes the decoder is told the input is finished,
 * so a last line without its newline is a whole line (as at a TCP half-close), and nothing a
 * datagram leaves unfinished (half a length-prefixed frame) joins the next one: it is dropped.
 */
class DatagramDecoder implements Decoder {
  private inner: Decoder;

  constructor(
    private readonly codec: Codec,
    private readonly sink: DecoderSink,
  ) {
    this.inner = codec.createDecoder(sink);
  }

  get bufferedBytes(): number {
    return this.inner.bufferedBytes;
  }

  push(datagram: Buffer): void {
    this.inner.push(datagram);
    this.inner.finish();
    // Only a decoder that could not deliver what it holds is replaced; lines never are.
    if (this.inner.bufferedBytes > 0) this.inner = this.codec.createDecoder(this.sink);
  }

  finish(): void {}
}

/**
 * The codec of a udp:// channel: the listener's codec, framing one datagram at a time. Encoding is
 * unchanged, so one write (one encoded line, one frame) is one datagram. Raw bytes pass through.
 */
export function datagramCodecFor(codec: Codec): Codec {
  if (codec.passThrough) return codec;
  const framed: Codec = {
    name: codec.name,
    messages: codec.messages,
    createDecoder: (sink) => new DatagramDecoder(codec, sink),
    encode: (msg) => codec.encode(msg),
  };
  if (codec.notice !== undefined) framed.notice = (text) => codec.notice!(text);
  return framed;
}
