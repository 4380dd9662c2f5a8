import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';

/** The file whose existence makes the workers of the primary with this pid crash at start. */
export function crashFile(primaryPid: number): string {
  return join(tmpdir(), `switchboard-crash-${primaryPid}`);
}

/**
 * Exits the process in register() while `crashFile(<primary's pid>)` exists: the first workers
 * start fine, and once a test creates the file every replacement crashes at start (a bad deploy).
 */
export function register(_container: DependencyContainer): void {
  if (existsSync(crashFile(process.ppid))) process.exit(3);
}
