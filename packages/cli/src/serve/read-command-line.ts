import { ConfigError, type ConfigIssue } from '../config/config-error.js';
import { loadConfig, type ServeConfig } from './load-config.js';
import { readServeArgs } from './parse-serve-args.js';
import { mergeServeOptions } from './resolve-serve-options.js';
import type { ServeFlag } from './serve-flags.js';
import type { ServeOptions } from './serve-options.js';

/** What `serve` and `check` read from their command line: the merged options, or that help was asked. */
export type CommandLine =
  | { readonly help: true; readonly values: Record<string, unknown> }
  | { readonly help: false; readonly options: ServeOptions; readonly values: Record<string, unknown> };

/**
 * Reads the flags and the `--config` file and merges them. The mistakes in the flags' values and
 * in the file are thrown together, in one ConfigError; cross-checks of the merged listeners (a
 * missing chain, a certificate) follow once those are right.
 */
export async function readCommandLine(
  argv: readonly string[],
  extra: Record<string, ServeFlag> = {},
  command = 'serve',
): Promise<CommandLine> {
  const { args, issues, values } = readServeArgs(argv, extra, command);
  if (args.help) return { help: true, values };
  let config: ServeConfig | undefined;
  let fileIssues: readonly ConfigIssue[] = [];
  if (args.config !== undefined) {
    try {
      config = await loadConfig(args.config);
    } catch (err) {
      if (!(err instanceof ConfigError) || issues.length === 0) throw err;
      fileIssues = err.issues;
    }
  }
  if (fileIssues.length > 0)
    throw new ConfigError([...issues, ...fileIssues], `Config file "${args.config}" and the flags`);
  if (issues.length > 0) throw new ConfigError(issues);
  return { help: false, options: mergeServeOptions(args, config), values };
}
