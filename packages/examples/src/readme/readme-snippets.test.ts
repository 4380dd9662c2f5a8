import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

// Every code block in README.md preceded by `<!-- snippet: path -->` must be that file, verbatim,
// so the samples a newcomer copies are the ones the tests run.
const snippets = [...readme.matchAll(/<!-- snippet: (\S+) -->\s*```\w*\n([\s\S]*?)```/g)];

it('README has tested snippets', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(2);
});

it.each(snippets.map((m) => [m[1]!, m[2]!]))('README snippet %s matches the file', (path, code) => {
  expect(code).toBe(readFileSync(`${root}${path}`, 'utf8'));
});
