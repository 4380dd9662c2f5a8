import { UsageError } from '../usage-error.js';

/** One mistake: where (`listeners[0].options.maxConnections`, `--max-line`) and what was expected. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** `path: message`, the form every mistake is printed in; a mistake about the whole input has no path. */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/**
 * Every mistake found in the flags and the config file, reported together (exit 2 for `serve`,
 * 1 for `check`). `source` names the input (`Config file "sb.json"`) for the one-line form.
 */
export class ConfigError extends UsageError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly source?: string,
  ) {
    super(ConfigError.describe(issues, source));
  }

  /** One mistake: one line. Several: a count, then one line each. */
  private static describe(issues: readonly ConfigIssue[], source?: string): string {
    const lines = issues.map(formatIssue);
    const prefix = source === undefined ? '' : `${source}: `;
    if (lines.length === 1) return `${prefix}${lines[0]}`;
    return [`${prefix}${lines.length} mistakes`, ...lines.map((line) => `  ${line}`)].join('\n');
  }
}
