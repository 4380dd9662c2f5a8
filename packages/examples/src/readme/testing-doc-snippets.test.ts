import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const doc = readFileSync(`${root}docs/testing.md`, 'utf8');

// docs/testing.md shows the test kit with a file the suite runs; this keeps the page and the file one text.
const snippets = [...doc.matchAll(/<!-- snippet: (\S+) -->\s*```\w*\n([\s\S]*?)```/g)];

it('docs/testing.md has a tested snippet', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(1);
});

it.each(snippets.map((m) => [m[1]!, m[2]!]))('docs/testing.md snippet %s matches the file', (path, code) => {
  expect(code).toBe(readFileSync(`${root}${path}`, 'utf8'));
});
