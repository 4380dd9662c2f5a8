import type { ConfigIssue } from './config-error.js';

/**
 * Config-file keys of earlier versions, and core's name that replaced each. They still work, with
 * a warning, so that a file written for an earlier version keeps serving; giving both is a mistake.
 */
export const LEGACY_KEYS: Readonly<Record<string, string>> = {
  maxLine: 'maxLineLength',
  maxBuffered: 'maxBufferedBytes',
  grace: 'graceMs',
};

/** A copy of `value` (when it is an object) with legacy keys renamed; what was renamed, and clashes. */
export function renameLegacyKeys(
  value: unknown,
  path: string,
): { value: unknown; warnings: ConfigIssue[]; issues: ConfigIssue[] } {
  const warnings: ConfigIssue[] = [];
  const issues: ConfigIssue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { value, warnings, issues };
  const renamed: Record<string, unknown> = { ...value };
  for (const [old, current] of Object.entries(LEGACY_KEYS)) {
    if (!Object.hasOwn(renamed, old)) continue;
    const where = `${path}${old}`;
    if (Object.hasOwn(renamed, current)) {
      issues.push({ path: where, message: `is the old name of "${current}", which is given too; keep "${current}"` });
      delete renamed[old];
      continue;
    }
    warnings.push({ path: where, message: `deprecated name; write "${current}" (core's name)` });
    renamed[current] = renamed[old];
    delete renamed[old];
  }
  return { value: renamed, warnings, issues };
}

/** The whole file: the top level and each listener's `options`. */
export function renameLegacyConfigKeys(json: unknown): {
  value: unknown;
  warnings: ConfigIssue[];
  issues: ConfigIssue[];
} {
  const top = renameLegacyKeys(json, '');
  const result = { value: top.value, warnings: top.warnings, issues: top.issues };
  const listeners = (top.value as { listeners?: unknown } | undefined)?.listeners;
  if (!Array.isArray(listeners)) return result;
  const renamedListeners = listeners.map((listener: unknown, i) => {
    const options = (listener as { options?: unknown } | null)?.options;
    if (options === undefined) return listener;
    const inner = renameLegacyKeys(options, `listeners[${i}].options.`);
    result.warnings.push(...inner.warnings);
    result.issues.push(...inner.issues);
    return { ...(listener as object), options: inner.value };
  });
  result.value = { ...(top.value as object), listeners: renamedListeners };
  return result;
}
