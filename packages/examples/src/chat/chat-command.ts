/** The chat's commands: `/name NAME`, `/join ROOM`, `/who`. */
export type ChatCommandName = 'name' | 'join' | 'who';

/** A command line: which command, and the rest of the line, trimmed ('' when bare). */
export interface ChatCommand {
  readonly name: ChatCommandName;
  readonly argument: string;
}

const COMMANDS: readonly ChatCommandName[] = ['name', 'join', 'who'];

/**
 * The command of a line, undefined for any other line (a message). No pattern: the line is client
 * text of any length, and a backtracking regex here froze the whole process. `/names` is a message.
 */
export function parseCommand(line: string): ChatCommand | undefined {
  const text = line.trim();
  if (!text.startsWith('/')) return undefined;
  for (const name of COMMANDS) {
    if (!text.startsWith(name, 1)) continue;
    const rest = text.slice(1 + name.length);
    if (rest !== '' && rest.trimStart() === rest) return undefined;
    return { name, argument: rest.trim() };
  }
  return undefined;
}
