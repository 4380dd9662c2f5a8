import { SwitchboardError } from '../errors.js';
import type { Codec, CodecOptions } from './codec.js';
import { LengthPrefixedCodec } from './length-prefixed-codec.js';
import { LineCodec } from './line-codec.js';
import { RawCodec } from './raw-codec.js';

/** The framings a listener can name. */
export type CodecName = 'raw' | 'lines' | 'length-prefixed';

export const CODEC_NAMES: readonly CodecName[] = ['raw', 'lines', 'length-prefixed'];

/** A codec by name, with its limits. */
export function createCodec(name: CodecName, options: CodecOptions = {}): Codec {
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
