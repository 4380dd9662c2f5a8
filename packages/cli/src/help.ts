import { CONNECT_FLAGS } from './connect/connect-flags.js';
import { SERVE_FLAGS, type ServeFlag } from './serve/serve-flags.js';

/** `switchboard --help`. */
export function usage(): string {
  return `Usage: switchboard <command> [options]

Commands:
  serve    run a server: switchboard serve --listen URL [--listen URL …] --handler a,b,c [options]
  connect  talk to a server from the terminal (like nc or wscat): switchboard connect URL [options]

Run 'switchboard serve --help' or 'switchboard connect --help' for a command's options. Reference: docs/cli.md
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

/** `switchboard connect --help`. */
export function connectHelp(): string {
  const rows = Object.entries(CONNECT_FLAGS).map(([name, flag]: [string, ServeFlag]) => [
    flagLabel(name, flag),
    flag.help,
  ]);
  const width = Math.max(...rows.map(([label]) => label!.length));
  const lines = rows.map(([label, help]) => `  ${label!.padEnd(width)}  ${help}`);
  return `Usage: switchboard connect URL [options]

URL: tcp://host:port, tls://host:port, unix:///path.sock, ws://host:port/path, wss://…, udp://host:port

stdin goes to the server and what the server sends goes to stdout: bytes unchanged on tcp, tls
and unix; one message per line on ws, wss and udp.

Options:
${lines.join('\n')}

Exit 0 when the server closes the connection, or when stdin ends and the server is done.
Exit 1 when the connection is refused, unreachable, times out or fails (one line on stderr).
Exit 2: usage error.
`;
}
