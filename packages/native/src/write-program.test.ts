import { describe, expect, it } from 'vitest';
import { DIRECT_OP, FAN_OUT_OP, NO_CONNECTION, type NativeBinding } from './native-binding.js';
import { WriteProgram } from './write-program.js';

/** A binding that records the program it is given and leaves `left` unsent. */
function recorder(left?: Uint32Array) {
  const seen: { ops: number[]; chunks: (Uint8Array | Uint32Array)[] }[] = [];
  const binding = {
    sendAll(ops: Uint32Array, length: number, chunks: readonly (Uint8Array | Uint32Array)[]) {
      seen.push({ ops: [...ops.subarray(0, length)], chunks: [...chunks] });
      return left;
    },
  } as unknown as NativeBinding;
  return { seen, binding };
}

const text = (chunk: Uint8Array | Uint32Array | undefined) => Buffer.from(chunk as Uint8Array).toString();

describe('WriteProgram', () => {
  it('joins broadcasts in a row to the same members into one chunk, and no others', () => {
    const program = new WriteProgram();
    const room = Uint32Array.of(7, 8, 9);
    program.fanOut(Buffer.from('a\n'), room, 3, 9);
    program.fanOut(Buffer.from('b\n'), room, 3, 9);
    program.direct(7, Buffer.from('direct\n'));
    program.fanOut(Buffer.from('c\n'), room, 3, 9);
    program.fanOut(Buffer.from('d\n'), room, 3, NO_CONNECTION);
    const { seen, binding } = recorder();
    program.run(binding, () => {});
    const [{ ops, chunks }] = seen as [(typeof seen)[0]];
    expect(ops).toEqual([
      ...[FAN_OUT_OP, 0, 1, 3, 9],
      ...[DIRECT_OP, 7, 2],
      ...[FAN_OUT_OP, 3, 4, 3, 9],
      ...[FAN_OUT_OP, 5, 6, 3, NO_CONNECTION],
    ]);
    expect([text(chunks[0]), text(chunks[2]), text(chunks[3]), text(chunks[5])]).toEqual([
      'a\nb\n',
      'direct\n',
      'c\n',
      'd\n',
    ]);
    expect(program.empty).toBe(true);
  });

  it('hands back what the kernel did not take, per connection, as views of the chunks', () => {
    const program = new WriteProgram();
    program.direct(7, Buffer.from('hello '));
    program.direct(7, Buffer.from('world'));
    // Connection 7: 2 chunks left, the first from byte 3 on.
    const { binding } = recorder(Uint32Array.of(7, 0, 2, 0, 3, 1, 0));
    const unsent: [number, number, string][] = [];
    program.run(binding, (id, errno, rest) => unsent.push([id, errno, rest.map(text).join('')]));
    expect(unsent).toEqual([[7, 0, 'lo world']]);
  });
});
