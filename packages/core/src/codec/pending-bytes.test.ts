import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Decoder, DecoderSink } from './codec.js';
import { LengthPrefixedCodec } from './length-prefixed-codec.js';
import { LineCodec } from './line-codec.js';
import { PendingBytes } from './pending-bytes.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const ignore: DecoderSink = { message() {}, error() {} };

/** Heap and ArrayBuffer bytes in use after a full collection. */
function memoryInUse(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Memory that `decoders` hold after each was fed `count` reads of one byte, as a socket delivers
 * them (each read its own small buffer, not a slice of a shared pool).
 */
function heldAfterDrip(decoders: Decoder[], count: number, byte: number): number {
  const before = memoryInUse();
  for (let i = 0; i < count; i++) {
    for (const decoder of decoders) decoder.push(Buffer.alloc(1, byte));
  }
  return memoryInUse() - before;
}

describe('PendingBytes', () => {
  it('gives back exactly what it was given, in order, from small and large pieces alike', () => {
    const held = new PendingBytes();
    const large = Buffer.alloc(5000, 'L');
    const pieces = [Buffer.from('ab'), large, Buffer.from('c'), Buffer.alloc(300, 's'), large.subarray(0, 3000)];
    for (const piece of pieces) held.append(piece, 0, piece.length);
    expect(held.length).toBe(8303);
    const tail = Buffer.from('xyz!');
    expect(held.takeWith(tail, 1, 3)).toEqual(Buffer.concat([...pieces, Buffer.from('yz')]));
    expect(held.length).toBe(0);
  });

  it('reads a 4-byte header split over single-byte pieces', () => {
    const held = new PendingBytes();
    for (const byte of [0x01, 0x02, 0x03, 0x04, 0x05]) held.append(Buffer.of(byte), 0, 1);
    expect(held.readUInt32BE()).toBe(0x01020304);
  });
});

describe('decoders fed one byte per read', () => {
  const decoders = 200;
  const reads = 4000;
  const bytesHeld = decoders * reads;

  it('hold a partial line in memory proportional to its bytes, not to the number of reads', () => {
    const codec = new LineCodec();
    const all = Array.from({ length: decoders }, () => codec.createDecoder(ignore));
    const held = heldAfterDrip(all, reads, 0x61);
    expect(all[0]!.bufferedBytes).toBe(reads);
    // One Buffer per read would be ~100× the bytes (80 MB here); a growing buffer is at most ~2×.
    expect(held).toBeLessThan(bytesHeld * 8);
  });

  it('hold a partial length-prefixed frame the same way', () => {
    const codec = new LengthPrefixedCodec();
    const all = Array.from({ length: decoders }, () => codec.createDecoder(ignore));
    // A header announcing 1 MiB, then the payload one byte at a time.
    for (const decoder of all) decoder.push(Buffer.of(0, 0x10, 0, 0));
    const held = heldAfterDrip(all, reads, 0x62);
    expect(all[0]!.bufferedBytes).toBe(reads + 4);
    expect(held).toBeLessThan(bytesHeld * 8);
  });
});
