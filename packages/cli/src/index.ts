export { main } from './cli.js';
export { ConfigError, type ConfigIssue } from './config/config-error.js';
export { ExitCode } from './exit-codes.js';
export { serveHelp, usage } from './help.js';
export { createLogger } from './logging/create-logger.js';
export { pinoLogger } from './logging/pino-logger.js';
export { workerLogger } from './logging/worker-logger.js';
export { reportFailure, ReportedFailure, type FailureReport } from './report-failure.js';
export { loadConfig, parseConfig, type ConfigListener, type ServeConfig } from './serve/load-config.js';
export { loadPlugins } from './serve/load-plugins.js';
export { parseServeArgs, type ServeArgs } from './serve/parse-serve-args.js';
export { mergeServeOptions, resolveServeOptions } from './serve/resolve-serve-options.js';
export { runServe, type RunningServer, type ServeEnvironment } from './serve/run-serve.js';
export { serveCommand } from './serve/serve-command.js';
export { SERVE_FLAGS, type ServeFlag, type ServeFlagName } from './serve/serve-flags.js';
export {
  LOG_FORMATS,
  LOG_LEVELS,
  SERVE_DEFAULTS,
  TRANSPORT_CHOICES,
  type ListenerPlan,
  type ListenerSettings,
  type LogFormat,
  type ServeOptions,
  type TransportChoice,
} from './serve/serve-options.js';
export { UsageError } from './usage-error.js';
