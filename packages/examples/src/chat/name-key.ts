/**
 * Letters of other scripts that look like Latin ones once case is folded (Cyrillic `в` is `В`,
 * which looks like `B`), and the digits that pass for letters. Not Unicode's whole confusables
 * table: the letters people use to impersonate a Latin name, so `Вов` and `B0B` both collide with `Bob`.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  і: 'l',
  ї: 'l',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ь: 'b',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'l',
  κ: 'k',
  μ: 'm',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ζ: 'z',
  γ: 'y',
  // Armenian
  օ: 'o',
  ս: 'u',
  ց: 'g',
  հ: 'h',
  ո: 'n',
};

/** The form names are compared in: NFKC, then case folded (`Straße` and `STRASSE` are one name). */
export function foldName(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/** What must differ between two names in one room: their folded form with look-alike letters mapped to Latin. */
export function nameKey(name: string): string {
  let key = '';
  for (const char of foldName(name)) key += LOOKALIKES[char] ?? char;
  return key;
}
