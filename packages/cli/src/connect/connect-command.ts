import { container as rootContainer } from 'tsyringe';
import { Reactor, type ConnectOptions, type SwitchboardError } from '@switchboard/core';
import { ExitCode } from '../exit-codes.js';
import { connectHelp } from '../help.js';
import { parseConnectArgs } from './parse-connect-args.js';
import { TerminalSession, type TerminalIo } from './terminal-session.js';

const PROCESS_IO: TerminalIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

/**
 * `switchboard connect URL`: a terminal client for any Switchboard server, or any line or
 * WebSocket server. Exit 0 when the server closes or stdin is done; 1 when the connection is
 * refused, unreachable or fails (one line on stderr naming the address and the code).
 */
export async function connectCommand(argv: readonly string[], io: TerminalIo = PROCESS_IO): Promise<ExitCode> {
  const args = await parseConnectArgs(argv);
  if (args.help) {
    io.stdout.write(connectHelp());
    return ExitCode.OK;
  }
  const reactor = new Reactor({ container: rootContainer.createChildContainer(), goodbye: '' });
  const session = new TerminalSession(args.stream, args.lingerMs, io);
  reactor.on('reconnecting', (info) =>
    io.stderr.write(
      `reconnecting to ${info.url} in ${info.delayMs} ms (attempt ${info.attempt})${info.error ? `: ${info.error.message}` : ''}\n`,
    ),
  );
  reactor.on('reconnected', (_connection, info) => io.stderr.write(`reconnected to ${info.url}\n`));
  const options: ConnectOptions = {};
  if (args.stream) options.codec = 'raw';
  if (args.tls) options.tls = args.tls;
  if (args.connectTimeout !== undefined) options.connectTimeout = args.connectTimeout;
  try {
    if (args.reconnect)
      session.keep(await reactor.connect(args.url, [session.handler], { ...options, reconnect: true }));
    else await reactor.connect(args.url, [session.handler], options);
  } catch (err) {
    session.end(ExitCode.FAILURE, (err as SwitchboardError).message);
  }
  const code = await session.done;
  await reactor.close({ graceMs: 0 });
  return code;
}
