import { SwitchboardError, type ErrorCode } from '@switchboard/core';
import { ConfigError } from './config/config-error.js';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** Core error codes that mean "fix the command line", not "the system said no". */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['BAD_URL', 'BAD_OPTION', 'UNKNOWN_HANDLER']);

/** What to print on stderr for a failure, and the exit code. */
export interface FailureReport {
  readonly lines: readonly string[];
  readonly exitCode: ExitCode;
}

/** A failure already described elsewhere (by a cluster worker): printed as it is. */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';

  constructor(readonly report: FailureReport) {
    super(report.lines.join('\n'));
  }
}

/**
 * Usage errors get one line plus a hint to use --help (exit 2); anything else, such as
 * `Failed to listen on "tcp://127.0.0.1:5000": Address already in use (EADDRINUSE)`, one line (exit 1).
 */
export function reportFailure(err: unknown): FailureReport {
  if (err instanceof ReportedFailure) return err.report;
  // Every mistake of a config, one per line; other errors keep to one line.
  if (err instanceof ConfigError) return usageReport(err.message.split('\n'), err.helpCommand);
  const message = firstLine(err instanceof Error ? err.message : String(err));
  if (err instanceof UsageError) return usageReport([message], err.helpCommand);
  if (err instanceof SwitchboardError && USAGE_CODES.has(err.code))
    return usageReport([message], 'switchboard serve --help');
  return { lines: [message], exitCode: ExitCode.FAILURE };
}

function usageReport(lines: readonly string[], helpCommand: string): FailureReport {
  return { lines: [...lines, `Run '${helpCommand}' to see the usage.`], exitCode: ExitCode.USAGE };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
