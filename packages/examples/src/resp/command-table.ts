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

/**
 * Looks a command up by name, checks its arity, runs it. Unknown commands and wrong arity are
 * answered with Redis' own errors and the connection stays open.
 */
export class CommandTable {
  private readonly commands = new Map<string, Command>();

  constructor(groups: readonly CommandGroup[]) {
    for (const group of groups) for (const [name, command] of Object.entries(group)) this.commands.set(name, command);
  }

  run(args: Buffer[], scope: CommandScope): void {
    const name = args[0]!.toString('latin1').toLowerCase();
    const command = this.commands.get(name);
    const reply = scope.session.reply;
    if (command === undefined) return reply.error(unknownCommand(args));
    const { arity } = command;
    if (arity > 0 ? args.length !== arity : args.length < -arity) return reply.error(wrongArity(name));
    command.run(args, scope);
  }
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
