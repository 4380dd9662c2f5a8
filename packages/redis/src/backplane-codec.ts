import { visibleText, type BackplaneMessage } from '@switchboard/core';

const TEXT = 0x74; // 't'
const BYTES = 0x62; // 'b'

/**
 * One Redis message per broadcast: a kind byte, a JSON header line, then the payload as it was
 * (no base64), so binary broadcasts cross processes byte-exact.
 */
export function encodeBackplaneMessage(message: BackplaneMessage): Buffer {
  const text = typeof message.payload === 'string';
  const header = Buffer.from(`${JSON.stringify({ room: message.room, origin: message.origin })}\n`);
  const payload = text ? Buffer.from(message.payload as string) : (message.payload as Uint8Array);
  return Buffer.concat([Buffer.from([text ? TEXT : BYTES]), header, payload]);
}

/**
 * The message back, or undefined for anything another program put on our Redis channel. Redis is
 * not trusted, and whoever can publish on the channel reaches every member: text comes back with
 * control, bidi and invisible characters shown escaped (`visibleText`), so it cannot put raw escape
 * sequences or extra lines on anyone's terminal. Bytes come back byte-exact.
 */
export function decodeBackplaneMessage(data: Buffer): BackplaneMessage | undefined {
  const kind = data[0];
  const newline = data.indexOf(0x0a, 1);
  if ((kind !== TEXT && kind !== BYTES) || newline === -1) return undefined;
  try {
    const header = JSON.parse(data.toString('utf8', 1, newline)) as { room?: unknown; origin?: unknown };
    if (typeof header.room !== 'string' || typeof header.origin !== 'string') return undefined;
    const body = data.subarray(newline + 1);
    return {
      room: header.room,
      origin: header.origin,
      payload: kind === TEXT ? visibleText(body.toString('utf8')) : body,
    };
  } catch {
    return undefined;
  }
}
