import type { DecoderSink } from '@switchboard/core';
import { RespCodec } from './resp-codec.js';
import type { RespCodecOptions } from './resp-codec-options.js';

/** What a decoder delivered: commands (arguments as text) and error codes. */
export interface Decoded {
  readonly commands: Buffer[][];
  readonly errors: { code: string; message: string }[];
  readonly maxBuffered: number;
}

/** RESP bytes of a command as clients send it: an array of bulk strings. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Feeds `chunks` through a fresh decoder, recording what comes out and the most bytes it held. */
export function decode(chunks: readonly Buffer[], options: RespCodecOptions = {}): Decoded {
  const commands: Buffer[][] = [];
  const errors: { code: string; message: string }[] = [];
  const sink: DecoderSink = {
    message: (msg) => commands.push((msg as Buffer[]).map((arg) => Buffer.from(arg))),
    error: (err) => errors.push({ code: err.code, message: err.message }),
  };
  const decoder = new RespCodec(options).createDecoder(sink);
  let maxBuffered = 0;
  for (const chunk of chunks) {
    decoder.push(chunk);
    maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
  }
  decoder.finish();
  return { commands, errors, maxBuffered };
}

/** The arguments of each command as latin1 text, for readable assertions. */
export function texts(commands: Buffer[][]): string[][] {
  return commands.map((args) => args.map((arg) => arg.toString('latin1')));
}
