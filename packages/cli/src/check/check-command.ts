import { ConfigError, formatIssue } from '../config/config-error.js';
import { ExitCode } from '../exit-codes.js';
import { checkHelp } from '../help.js';
import { readCommandLine } from '../serve/read-command-line.js';
import { CHECK_FLAGS } from './check-flags.js';
import { checkListeners } from './check-listeners.js';

/**
 * `switchboard check [serve's flags] [--config FILE] [--load-plugins]`: everything `serve` would
 * check before binding, without binding or running anything. Exit 0 with `config OK`; exit 1
 * with every mistake on stderr, one `path: message` per line.
 */
export async function checkCommand(argv: readonly string[]): Promise<ExitCode> {
  try {
    const line = await readCommandLine(argv, CHECK_FLAGS, 'check');
    if (line.help) {
      process.stdout.write(checkHelp());
      return ExitCode.OK;
    }
    const { options } = line;
    const { issues, notes } = await checkListeners(options, line.values['load-plugins'] === true);
    if (issues.length > 0) throw new ConfigError(issues);
    const out = [`config OK: ${options.listeners.length} listener(s)`];
    for (const plan of options.listeners) out.push(`  ${plan.url}  ${plan.handlers.join(',')}`);
    for (const warning of options.warnings ?? []) out.push(`warning: ${warning}`);
    for (const note of notes) out.push(`note: ${note}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return ExitCode.OK;
  } catch (err) {
    process.stderr.write(`${describe(err)}\n`);
    return ExitCode.FAILURE;
  }
}

/** Every mistake, one per line; anything else (an unreadable file, an unknown flag) as its message. */
function describe(err: unknown): string {
  if (!(err instanceof ConfigError)) return err instanceof Error ? err.message : String(err);
  const lines = err.issues.map(formatIssue);
  if (err.source === undefined) return lines.join('\n');
  if (lines.length === 1) return `${err.source}: ${lines[0]}`;
  return [`${err.source}: ${lines.length} mistakes`, ...lines].join('\n');
}
