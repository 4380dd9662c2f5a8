import { CHECK_FLAGS } from './check/check-flags.js';
import { CONNECT_FLAGS } from './connect/connect-flags.js';
import { SERVE_FLAGS, type ServeFlag } from './serve/serve-flags.js';

/** `switchboard --help`. */
export function usage(): string {
  return `Usage: switchboard <command> [options]

Commands:
  serve    run a server: switchboard serve --listen URL [--listen URL …] --handler a,b,c [options]
  check    validate a config without binding: switchboard check --config FILE [serve's flags]; exit 0 "config OK", 1 with every mistake
  connect  talk to a server from the terminal (like nc or wscat): switchboard connect URL [options]

Run 'switchboard <command> --help' for a command's options. Reference: docs/cli.md
`;
}

/** `switchboard serve --help`: every flag, one line each, with the config key it sets. */
export function serveHelp(): string {
  return `Usage: switchboard serve --listen URL [--listen URL …] --handler a,b,c [options]
       switchboard serve --config FILE [options]

Options (config file key in brackets):
${flagLines(SERVE_FLAGS)}

The config file (JSON, or YAML for .yaml/.yml) takes the same settings under the bracketed keys,
at the top level for every listener and in each listener's "options". 'switchboard check' validates it.

Prints "listening URL" for each listener once it accepts, and a line per connect and disconnect.
SIGINT/SIGTERM shut down gracefully (exit 0). Exit 1: bind failure. Exit 2: usage error.
`;
}

/** `switchboard check --help`. */
export function checkHelp(): string {
  return `Usage: switchboard check --config FILE [serve's flags] [--load-plugins]
       switchboard check --listen URL --handler a,b,c [serve's flags]

Checks the flags and the config file as 'switchboard serve' would, without binding a port or
importing a plugin: every mistake is listed, one per line as "path: message" (exit 1), else
"config OK" and the listeners (exit 0). Handler names a plugin registers are only known once it is
imported: without --load-plugins they are noted, not checked.

Options (besides all of 'switchboard serve --help'):
${flagLines(CHECK_FLAGS)}
`;
}

/** One line per flag: its label, its help, and the config key it sets. */
function flagLines(flags: Record<string, ServeFlag>): string {
  const rows = Object.entries(flags).map(([name, flag]) => [
    flagLabel(name, flag),
    flag.key === undefined ? flag.help : `${flag.help} [${flag.key}]`,
  ]);
  const width = Math.max(...rows.map(([label]) => label!.length));
  return rows.map(([label, help]) => `  ${label!.padEnd(width)}  ${help}`).join('\n');
}

function flagLabel(name: string, flag: ServeFlag): string {
  const short = flag.short ? `-${flag.short}, ` : '';
  return `${short}--${name}${flag.value ? ` ${flag.value}` : ''}`;
}

/** `switchboard connect --help`. */
export function connectHelp(): string {
  return `Usage: switchboard connect URL [options]

URL: tcp://host:port, tls://host:port, unix:///path.sock, ws://host:port/path, wss://…, udp://host:port

stdin goes to the server and what the server sends goes to stdout: bytes unchanged on tcp, tls
and unix; one message per line on ws, wss and udp.

Options:
${flagLines(CONNECT_FLAGS)}

Exit 0 when the server closes the connection, or when stdin ends and the server is done.
Exit 1 when the connection is refused, unreachable, times out or fails (one line on stderr).
Exit 2: usage error.
`;
}
