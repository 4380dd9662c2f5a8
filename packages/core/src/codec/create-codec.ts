import { SwitchboardError } from '../errors.js';
import type { Codec, CodecOptions } from './codec.js';
import { LengthPrefixedCodec } from './length-prefixed-codec.js';
import { LineCodec } from './line-codec.js';
import { RawCodec } from './raw-codec.js';

/** The framings a listener can name. */
export type CodecName = 'raw' | 'lines' | 'length-prefixed';

/**
 * A framing a handler brings with it (its own protocol's codec, whose decoder makes messages of
 * type `M`): called once per listener with the listener's limits. Declared as a constant, so
 * that handlers naming the same one agree.
 */
export type CodecFactory<M = unknown> = (options: CodecOptions) => Codec<M>;

/** How a handler or a listener names its framing: a built-in codec's name, or a factory of its own. */
export type Framing = CodecName | CodecFactory;

/**
 * What `onMessage` receives under a framing, on every transport: `lines` → string; `raw` and
 * `length-prefixed` → bytes; a factory → its codec's message type; none declared → either
 * (raw bytes on streams; WebSocket text as strings, binary as bytes).
 */
export type MessageOf<F extends Framing | undefined> = F extends 'lines'
  ? string
  : F extends 'raw' | 'length-prefixed'
    ? Buffer
    : F extends CodecFactory<infer M>
      ? M
      : string | Buffer;

export const CODEC_NAMES: readonly CodecName[] = ['raw', 'lines', 'length-prefixed'];

/** A codec by name (or from a handler's own factory), with its limits. */
export function createCodec(name: Framing, options: CodecOptions = {}): Codec {
  if (typeof name === 'function') return name(options);
  switch (name) {
    case 'raw':
      return new RawCodec();
    case 'lines':
      return new LineCodec(options);
    case 'length-prefixed':
      return new LengthPrefixedCodec(options);
    default:
      throw new SwitchboardError('BAD_OPTION', `Unknown codec "${String(name)}" (use ${CODEC_NAMES.join(', ')})`);
  }
}
