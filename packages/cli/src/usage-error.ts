/** A mistake in the command line, config file or plugin list: reported with a hint and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** What to run for help; `switchboard serve --help` unless said otherwise. */
    readonly helpCommand = 'switchboard serve --help',
  ) {
    super(message);
  }
}
