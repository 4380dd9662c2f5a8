import type { RespSession } from './resp-session.js';
import type { RespStore } from './resp-store.js';

/** What a command can reach: its session (and replies), the store, the server's counters. */
export interface CommandScope {
  readonly session: RespSession;
  readonly store: RespStore;
  readonly server: ServerState;
}

/** Shared by every connection of a listener, for INFO and CLIENT. */
export interface ServerState {
  readonly startedAt: number;
  connectedClients: number;
  readonly now: () => number;
}

/** One command: Redis' arity (exact when positive, a minimum when negative, the name included). */
export interface Command {
  readonly arity: number;
  run(args: Buffer[], scope: CommandScope): void;
}

/** Commands by lower-case name. */
export type CommandGroup = Readonly<Record<string, Command>>;

const MAX_SHOWN_ARGS = 32;
/** The bit that makes an ASCII capital letter small. */
const LOWER_CASE = 0x20;

/** A command with its name as bytes, to be compared with what a client sent. */
interface NamedCommand {
  readonly name: string;
  readonly bytes: Buffer;
  readonly command: Command;
}

/**
 * Looks a command up by name, checks its arity, runs it. Unknown commands and wrong arity are
 * answered with Redis' own errors and the connection stays open.
 *
 * The lookup makes no string: commands are filed by the first letter of their name, and the few
 * that share it are compared with what the client sent byte by byte, ignoring case.
 */
export class CommandTable {
  /** Indexed by a first byte in lower case: 'g' → [get], 's' → [set, select]. */
  private readonly byFirstLetter: NamedCommand[][] = Array.from({ length: 256 }, () => []);

  constructor(groups: readonly CommandGroup[]) {
    for (const group of groups) {
      for (const [name, command] of Object.entries(group)) {
        if (!/^[a-z]+$/.test(name)) throw new Error(`command names are lower-case letters, got '${name}'`);
        const bytes = Buffer.from(name, 'latin1');
        this.byFirstLetter[bytes[0]!]!.push({ name, bytes, command });
      }
    }
  }

  run(args: Buffer[], scope: CommandScope): void {
    const found = this.find(args[0]!);
    const reply = scope.session.reply;
    if (found === undefined) return reply.error(unknownCommand(args));
    const { arity } = found.command;
    if (arity > 0 ? args.length !== arity : args.length < -arity) return reply.error(wrongArity(found.name));
    found.command.run(args, scope);
  }

  private find(name: Buffer): NamedCommand | undefined {
    if (name.length === 0) return undefined;
    for (const candidate of this.byFirstLetter[name[0]! | LOWER_CASE]!) {
      if (sameLetters(candidate.bytes, name)) return candidate;
    }
    return undefined;
  }
}

/**
 * Whether `sent` is `name` (lower-case letters) in any case. Setting the 0x20 bit turns 'A'–'Z'
 * into 'a'–'z'; only those two ranges end up as a letter, so no other byte can match.
 */
function sameLetters(name: Buffer, sent: Buffer): boolean {
  if (sent.length !== name.length) return false;
  for (let i = 0; i < name.length; i++) if ((sent[i]! | LOWER_CASE) !== name[i]) return false;
  return true;
}

/** `ERR wrong number of arguments for 'get' command`. */
export function wrongArity(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (Redis' wording, trailing space included). */
function unknownCommand(args: Buffer[]): string {
  const shown = args
    .slice(1, MAX_SHOWN_ARGS + 1)
    .map((arg) => `'${clip(arg)}' `)
    .join('');
  return `ERR unknown command '${clip(args[0]!)}', with args beginning with: ${shown}`;
}

/** At most 128 bytes of a client's argument, as Redis echoes them. */
function clip(arg: Buffer): string {
  return arg.toString('latin1', 0, Math.min(arg.length, 128));
}
