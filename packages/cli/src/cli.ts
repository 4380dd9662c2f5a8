import { checkCommand } from './check/check-command.js';
import { ExitCode } from './exit-codes.js';
import { usage } from './help.js';
import { reportFailure } from './report-failure.js';
import { connectCommand } from './connect/connect-command.js';
import { serveCommand } from './serve/serve-command.js';
import { UsageError } from './usage-error.js';

/**
 * Runs `switchboard <command> …`. Resolves with the exit code when the command has finished,
 * or undefined while a server keeps running. Failures are printed on stderr, never thrown.
 */
export async function main(argv: readonly string[]): Promise<ExitCode | undefined> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        process.stderr.write(usage());
        return ExitCode.USAGE;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(usage());
        return ExitCode.OK;
      case 'check':
        return await checkCommand(rest);
      case 'connect':
        return await connectCommand(rest);
      case 'serve':
        return (await serveCommand(rest)) === 'done' ? ExitCode.OK : undefined;
      default:
        throw new UsageError(`Unknown command "${command}"`, 'switchboard --help');
    }
  } catch (err) {
    const report = reportFailure(err);
    process.stderr.write(report.lines.map((line) => `${line}\n`).join(''));
    return report.exitCode;
  }
}
