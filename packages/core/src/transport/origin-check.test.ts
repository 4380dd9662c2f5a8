import { expect, it } from 'vitest';
import { createOriginCheck } from './origin-check.js';

it('by default allows no Origin, same-origin pages by address, and loopback pages, and nothing else', () => {
  const allowed = createOriginCheck();
  expect(allowed(undefined, 'chat.example.com')).toBe(true);
  expect(allowed('http://192.0.2.7:8088', '192.0.2.7:8088')).toBe(true);
  expect(allowed('http://[2001:db8::1]', '[2001:db8::1]:80')).toBe(true);
  expect(allowed('http://localhost:8088', 'localhost:8088')).toBe(true);
  expect(allowed('http://127.0.0.1:3000', 'chat.example.com')).toBe(true);
  expect(allowed('http://localhost:5173', 'chat.example.com')).toBe(true);
  expect(allowed('http://[::1]:8088', 'chat.example.com')).toBe(true);
  expect(allowed('http://chat.example.com:8081', 'chat.example.com:8088')).toBe(false);
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

it('does not take a same-origin page reached by a host name unless listed (DNS rebinding)', () => {
  // An attacker's name that resolves to this machine makes its page "same origin" with us.
  expect(createOriginCheck()('http://evil.example:8088', 'evil.example:8088')).toBe(false);
  expect(createOriginCheck()('https://chat.example.com', 'chat.example.com')).toBe(false);
  const listed = createOriginCheck(['https://chat.example.com']);
  expect(listed('https://chat.example.com', 'chat.example.com')).toBe(true);
  expect(listed('http://evil.example:8088', 'evil.example:8088')).toBe(false);
});

it('refuses entries that are not origins, naming them', () => {
  expect(() => createOriginCheck(['chat.example.com'])).toThrow(/allowedOrigins entry "chat\.example\.com"/);
  expect(() => createOriginCheck(['ftp://x.example'])).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
});
