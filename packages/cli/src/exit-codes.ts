/** The exit codes of the `switchboard` command (documented in docs/cli.md). */
export const ExitCode = {
  /** Clean run, or graceful shutdown after SIGINT/SIGTERM. */
  OK: 0,
  /** A runtime failure: a bind error (EADDRINUSE, EACCES…), Redis unreachable, a forced second signal. */
  FAILURE: 1,
  /** A usage error: unknown flag or command, bad value, unknown handler, bad URL, bad config file or plugin. */
  USAGE: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
