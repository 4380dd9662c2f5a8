import type { core } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { KNOWN_KEYS } from './config-schema.js';
import { nearestName } from './edit-distance.js';
import { shownKey, shownPath } from './shown-value.js';

type Level = keyof typeof KNOWN_KEYS;

/** Which level of the file a path points into: the top, a listener, or a listener's options. */
function levelAt(path: readonly PropertyKey[]): Level {
  if (path.length === 2 && path[0] === 'listeners') return 'listener';
  if (path.length === 3 && path[0] === 'listeners' && path[2] === 'options') return 'options';
  return 'top';
}

/** An unknown key: the level it belongs to when it is known elsewhere, else the nearest known name. */
function unknownKey(key: string, level: Level): string {
  const knownAt = (other: Level) => KNOWN_KEYS[other].includes(key);
  if (level === 'listener' && knownAt('options')) return `unknown key here; put it in this listener's "options"`;
  if (level === 'options' && knownAt('listener')) return 'unknown key here; it goes beside "url", not in "options"';
  if (level !== 'top' && knownAt('top')) return 'unknown key here; it is a top-level setting';
  if (level === 'top' && knownAt('listener')) return 'unknown key here; it belongs in an entry of "listeners"';
  const nearest = nearestName(key, KNOWN_KEYS[level]);
  return nearest === undefined ? 'unknown key' : `unknown key; did you mean "${nearest}"?`;
}

/**
 * zod's issues as `path: message` mistakes: one per unknown key (with a suggestion), the schema's
 * own message for the rest. `nameOf` renames a path (flags: `maxLineLength` → `--max-line`).
 */
export function describeIssues(
  issues: readonly core.$ZodIssue[],
  nameOf: (path: readonly PropertyKey[]) => string = shownPath,
): ConfigIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [{ path: nameOf(issue.path), message: issue.message }];
    const level = levelAt(issue.path);
    return issue.keys.map((key) => ({
      path: `${nameOf(issue.path)}${shownKey(key)}`.replace(/^\./, ''),
      message: unknownKey(key, level),
    }));
  });
}
