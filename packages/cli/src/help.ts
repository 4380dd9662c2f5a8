import { SERVE_FLAGS, type ServeFlag } from './serve/serve-flags.js';

/** `switchboard --help`. */
export function usage(): string {
  return `Usage: switchboard <command> [options]

Commands:
  serve    run a server: switchboard serve --listen URL [--listen URL …] --handler a,b,c [options]

Run 'switchboard serve --help' for the options of serve. Reference: docs/cli.md
`;
}

/** `switchboard serve --help`: every flag, one line each. */
export function serveHelp(): string {
  const rows = Object.entries(SERVE_FLAGS).map(([name, flag]: [string, ServeFlag]) => [
    flagLabel(name, flag),
    flag.help,
  ]);
  const width = Math.max(...rows.map(([label]) => label!.length));
  const lines = rows.map(([label, help]) => `  ${label!.padEnd(width)}  ${help}`);
  return `Usage: switchboard serve --listen URL [--listen URL …] --handler a,b,c [options]
       switchboard serve --config FILE [options]

Options:
${lines.join('\n')}

Prints "listening URL" for each listener once it accepts, and a line per connect and disconnect.
SIGINT/SIGTERM shut down gracefully (exit 0). Exit 1: bind failure. Exit 2: usage error.
`;
}

function flagLabel(name: string, flag: ServeFlag): string {
  const short = flag.short ? `-${flag.short}, ` : '';
  return `${short}--${name}${flag.value ? ` ${flag.value}` : ''}`;
}
