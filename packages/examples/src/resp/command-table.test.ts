import { describe, expect, it } from 'vitest';
import { CommandTable, type CommandScope } from './command-table.js';
import { ReplyWriter } from './reply-writer.js';

const ran: string[] = [];
const table = new CommandTable([
  {
    get: { arity: 2, run: () => ran.push('get') },
    set: { arity: -3, run: () => ran.push('set') },
    select: { arity: 2, run: () => ran.push('select') },
  },
]);

/** Runs `words` as one command; what ran and the reply. */
function run(...words: (string | Buffer)[]): { ran: string[]; reply: string } {
  ran.length = 0;
  const reply = new ReplyWriter();
  table.run(
    words.map((word) => Buffer.from(word)),
    { session: { reply } } as unknown as CommandScope,
  );
  return { ran: [...ran], reply: Buffer.concat(reply.take()).toString('latin1') };
}

describe('CommandTable', () => {
  it('finds commands by name in any case, without confusing names that share a first letter', () => {
    expect(run('GET', 'k').ran).toEqual(['get']);
    expect(run('gEt', 'k').ran).toEqual(['get']);
    expect(run('SeT', 'k', 'v').ran).toEqual(['set']);
    expect(run('SELECT', '0').ran).toEqual(['select']);
  });

  it("answers Redis' errors for unknown names, bytes that only look like letters, and wrong arity", () => {
    expect(run('gets', 'k')).toEqual({
      ran: [],
      reply: "-ERR unknown command 'gets', with args beginning with: 'k' \r\n",
    });
    // 0x47 | 0x20 is 'g'; 0xc7 | 0x20 is not, nor is '\x07' | 0x20.
    expect(run(Buffer.from([0xc7, 0x45, 0x54]), 'k').ran).toEqual([]);
    expect(run(Buffer.from([0x07, 0x45, 0x54]), 'k').ran).toEqual([]);
    expect(run('', 'k').ran).toEqual([]);
    expect(run('GET').reply).toBe("-ERR wrong number of arguments for 'get' command\r\n");
    expect(run('set', 'k').reply).toBe("-ERR wrong number of arguments for 'set' command\r\n");
  });
});
