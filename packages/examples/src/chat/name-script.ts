/**
 * Scripts a name may be written in, one family per name. Han, kana, Bopomofo and Hangul form one
 * family, as Japanese, Chinese and Korean mix them. Letters of scripts not listed here count as one
 * "other" family: such a name may not mix them with a listed script, but two unlisted scripts are
 * not told apart.
 */
const FAMILIES: readonly RegExp[] = [
  /\p{Script=Latin}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Armenian}/u,
  /\p{Script=Georgian}/u,
  /\p{Script=Cherokee}/u,
  /\p{Script=Hebrew}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Syriac}/u,
  /\p{Script=Thaana}/u,
  /\p{Script=Devanagari}/u,
  /\p{Script=Bengali}/u,
  /\p{Script=Gurmukhi}/u,
  /\p{Script=Gujarati}/u,
  /\p{Script=Oriya}/u,
  /\p{Script=Tamil}/u,
  /\p{Script=Telugu}/u,
  /\p{Script=Kannada}/u,
  /\p{Script=Malayalam}/u,
  /\p{Script=Sinhala}/u,
  /\p{Script=Thai}/u,
  /\p{Script=Lao}/u,
  /\p{Script=Tibetan}/u,
  /\p{Script=Myanmar}/u,
  /\p{Script=Khmer}/u,
  /\p{Script=Ethiopic}/u,
  /\p{Script=Mongolian}/u,
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}]/u,
];
const OTHER = FAMILIES.length;

/** Digits, punctuation and combining marks belong to every script. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Whether every letter of `name` is of one script family, so that `Воb` (Cyrillic В, Latin o, b)
 * is refused. A short name (at most a few dozen characters): one class test per family per character.
 */
export function singleScript(name: string): boolean {
  let family: number | undefined;
  for (const char of name) {
    if (NEUTRAL.test(char)) continue;
    const found = FAMILIES.findIndex((pattern) => pattern.test(char));
    const current = found === -1 ? OTHER : found;
    if (family !== undefined && family !== current) return false;
    family = current;
  }
  return true;
}
