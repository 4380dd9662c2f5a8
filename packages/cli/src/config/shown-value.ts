import { visibleText } from '@switchboard/core';

/** Longest value or key quoted back in a message; a mistake in a 1 MiB string needs only its start. */
const MAX_SHOWN = 80;

/** A value as a message quotes it: JSON, cut short, with control characters escaped. */
export function shownValue(value: unknown): string {
  const json = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return visibleText(json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}…` : json);
}

/** A key as a path shows it: `maxLineLength`, or `["a b"]` when it is not a plain name. */
export function shownKey(key: PropertyKey): string {
  if (typeof key === 'number') return `[${key}]`;
  const text = String(key);
  return /^[a-z_$][\w$-]*$/i.test(text) && text.length <= MAX_SHOWN ? `.${text}` : `[${shownValue(text)}]`;
}

/** `listeners[0].options.maxConnections` from zod's path array. */
export function shownPath(path: readonly PropertyKey[]): string {
  return path.map(shownKey).join('').replace(/^\./, '');
}
