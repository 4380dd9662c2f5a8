import { expect, it } from 'vitest';
import { decodeBackplaneMessage, encodeBackplaneMessage } from './backplane-codec.js';

it('carries text and binary payloads unchanged', () => {
  const text = { room: 'lobby', origin: 'a', payload: 'héllo wörld 👋' };
  expect(decodeBackplaneMessage(encodeBackplaneMessage(text))).toEqual(text);
  const bytes = Buffer.from([0, 255, 10, 13, 0x74]);
  const decoded = decodeBackplaneMessage(encodeBackplaneMessage({ room: 'r', origin: 'b', payload: bytes }));
  expect(Buffer.from(decoded!.payload as Uint8Array).equals(bytes)).toBe(true);
});

it('ignores what other programs publish on the channel', () => {
  expect(decodeBackplaneMessage(Buffer.from('hello'))).toBeUndefined();
  expect(decodeBackplaneMessage(Buffer.from('t{not json\nx'))).toBeUndefined();
  expect(decodeBackplaneMessage(Buffer.from('t{"room":1,"origin":"x"}\nx'))).toBeUndefined();
});

it('shows control characters in text from Redis escaped: a message cannot become two lines or drive a terminal', () => {
  const forged = Buffer.from('t{"room":"lobby","origin":"x"}\n[127.0.0.1:1] hi\n[127.0.0.1:2] forged\u001b[2J');
  expect(decodeBackplaneMessage(forged)?.payload).toBe('[127.0.0.1:1] hi\\n[127.0.0.1:2] forged\\x1b[2J');
});
