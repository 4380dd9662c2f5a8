import { expect, it } from 'vitest';
import { createOriginCheck } from './origin-check.js';

it('by default allows no Origin, same origin and loopback pages, and nothing else', () => {
  const allowed = createOriginCheck();
  expect(allowed(undefined, 'chat.example.com')).toBe(true);
  expect(allowed('https://chat.example.com', 'chat.example.com')).toBe(true);
  expect(allowed('http://chat.example.com', 'chat.example.com:80')).toBe(true);
  expect(allowed('http://127.0.0.1:3000', 'chat.example.com')).toBe(true);
  expect(allowed('http://localhost:5173', 'chat.example.com')).toBe(true);
  expect(allowed('http://[::1]:8080', 'chat.example.com')).toBe(true);
  expect(allowed('http://chat.example.com:8081', 'chat.example.com:8080')).toBe(false);
  expect(allowed('https://evil.example', 'chat.example.com')).toBe(false);
  expect(allowed('null', 'chat.example.com')).toBe(false);
  expect(allowed('http://localhost.evil.example', 'chat.example.com')).toBe(false);
});

it('takes exact origins, any-port patterns and *', () => {
  const allowed = createOriginCheck(['https://app.example.com/', 'http://dev.example.com:*']);
  expect(allowed('https://app.example.com', 'api.example.com')).toBe(true);
  expect(allowed('https://APP.example.com:443', 'api.example.com')).toBe(true);
  expect(allowed('http://app.example.com', 'api.example.com')).toBe(false);
  expect(allowed('http://dev.example.com:9000', 'api.example.com')).toBe(true);
  expect(allowed('http://localhost:3000', 'api.example.com')).toBe(false);
  expect(createOriginCheck(['*'])('https://anything.example', 'x')).toBe(true);
  expect(createOriginCheck(['null'])('null', 'x')).toBe(true);
});
