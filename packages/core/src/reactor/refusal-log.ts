import type { SwitchboardError } from '../errors.js';
import type { Logger } from '../logging/logger.js';

/** Refusal lines written per window before the rest are only counted. */
const LINES_PER_WINDOW = 20;
const WINDOW_MS = 1000;

/**
 * Logs refused connections without letting a flood of them flood the log: the first few of each
 * second get a line each, the rest one summary line when the flood ends or the next second starts.
 */
export class RefusalLog {
  private windowStart = 0;
  private lines = 0;
  private suppressed = 0;
  private codes = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly logger: Logger) {}

  refused(peer: string, error: SwitchboardError): void {
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.summarize();
      this.windowStart = now;
      this.lines = 0;
    }
    if (this.lines < LINES_PER_WINDOW) {
      this.lines++;
      this.logger.warn(`refused ${peer}: ${error.message}`, { code: error.code });
      return;
    }
    this.suppressed++;
    this.codes.add(error.code);
    // The summary must come even if the flood stops now and nothing else is refused.
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.summarize(), WINDOW_MS);
      this.timer.unref();
    }
  }

  private summarize(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.suppressed === 0) return;
    const codes = [...this.codes].join(',');
    this.logger.warn(`refused ${this.suppressed} more connections (${codes}) without a line each`, {
      code: this.codes.size === 1 ? codes : 'MANY',
    });
    this.suppressed = 0;
    this.codes = new Set();
  }
}
