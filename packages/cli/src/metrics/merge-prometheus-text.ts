/** One metric family of Prometheus text: its `# HELP` and `# TYPE` lines, then its samples. */
interface Family {
  readonly header: string[];
  readonly samples: string[];
}

/**
 * Joins two Prometheus text expositions into one: a family both have is printed once (the
 * format allows one `# TYPE` line per family, its samples together), with `extra`'s samples
 * after `base`'s. Families only one of them has keep their place.
 */
export function mergePrometheusText(base: string, extra: string): string {
  const families = new Map<string, Family>();
  for (const text of [base, extra]) {
    for (const [name, family] of parseFamilies(text)) {
      const known = families.get(name);
      if (known) known.samples.push(...family.samples);
      else families.set(name, family);
    }
  }
  const blocks = [...families.values()].map((family) => [...family.header, ...family.samples].join('\n'));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

function parseFamilies(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+)/.exec(line);
    if (comment) {
      const name = comment[2]!;
      current = families.get(name);
      if (!current) families.set(name, (current = { header: [], samples: [] }));
      current.header.push(line);
    } else if (line.startsWith('#')) {
      continue;
    } else {
      if (!current) families.set('', (current = { header: [], samples: [] }));
      current.samples.push(line);
    }
  }
  return families;
}
