import { foldName } from './name-key.js';
import { singleScript } from './name-script.js';

export const MAX_NAME_LENGTH = 32;

/** A name as it will be shown, or why it is refused. */
export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

// Each pattern is one character class, anchored or unanchored, without nested quantifiers: linear.
/** Letters, marks and digits of any script, and `_ - .` between them. */
const NAME_CHARACTERS = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;
/** Invisible even when allowed: Hangul fillers (U+3164 …), variation selectors, joiners. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800]/u;
/** `127.0.0.1`: digits and dots only (colons, brackets and `#` are refused anyway). */
const ADDRESS_SHAPED = /^[\d.]+$/;

/**
 * Normalizes a wanted name (NFKC, so `ｂｏｂ` is `bob`) and checks it: a single word of one script's
 * letters and digits (plus `_ - .`), nothing invisible, not `you`, not address-shaped, at most
 * MAX_NAME_LENGTH characters. Names never contain `[`, `]`, `:` or spaces, so a name cannot pass
 * for a peer's `127.0.0.1:5000`, `[::1]:5000` or the end of one line and the start of another.
 */
export function checkName(raw: string): NameCheck {
  const word = checkWord(raw, 'name');
  if (!word.ok) return word;
  if (foldName(word.name) === 'you') return { ok: false, reason: '"you" would confuse everyone' };
  if (ADDRESS_SHAPED.test(word.name)) return { ok: false, reason: 'it looks like an address' };
  return word;
}

/**
 * A room for `/join ROOM`: the word rules of a name (one script, visible, at most MAX_NAME_LENGTH),
 * lower-cased so that `Dev` and `dev` are one room.
 */
export function checkRoomName(raw: string): NameCheck {
  const word = checkWord(raw, 'room name');
  return word.ok ? { ok: true, name: word.name.toLowerCase() } : word;
}

/** One word of one script's letters, marks and digits (plus `_ - .`), NFKC, nothing invisible. */
function checkWord(raw: string, what: string): NameCheck {
  // NFKC can expand a character up to 18 times; cap the work before it.
  if (raw.length > MAX_NAME_LENGTH * 4) return tooLong();
  const name = raw.normalize('NFKC');
  if (name.length === 0) return { ok: false, reason: `a ${what} needs at least one letter or digit` };
  if ([...name].length > MAX_NAME_LENGTH) return tooLong();
  if (INVISIBLE.test(name)) return { ok: false, reason: 'it contains invisible characters' };
  if (!NAME_CHARACTERS.test(name)) return { ok: false, reason: 'use letters, digits, _ - . only, in one word' };
  if (!/^[\p{L}\p{Nd}]/u.test(name)) return { ok: false, reason: 'it must start with a letter or digit' };
  if (!singleScript(name)) return { ok: false, reason: 'it mixes scripts (Latin with Cyrillic, say)' };
  return { ok: true, name };
}

function tooLong(): NameCheck {
  return { ok: false, reason: `it is longer than ${MAX_NAME_LENGTH} characters` };
}
