import { expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

it.each([
  ['redis://:s3cret@127.0.0.1:6379/1', 'redis://:***@127.0.0.1:6379/1'],
  ['rediss://app:s3cret@127.0.0.1:6380', 'rediss://***:***@127.0.0.1:6380'],
  ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ['redis://:p%40ss@127.0.0.1', 'redis://:***@127.0.0.1'],
  ['redis://us er:s3cret@bad host', 'redis://***@bad host'],
])('hides the credentials of %s', (url, shown) => {
  expect(redactUrl(url)).toBe(shown);
  expect(redactUrl(url)).not.toMatch(/s3cret|p%40ss|app:/);
});
