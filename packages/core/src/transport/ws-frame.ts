/**
 * One whole WebSocket message as an unmasked server frame (FIN set): text for a string, binary
 * for bytes. What `ws` sends for `ws.send(data)` without compression, made once for many sockets.
 */
export function frameServerMessage(data: string | Uint8Array): Buffer {
  const text = typeof data === 'string';
  const length = text ? Buffer.byteLength(data) : data.length;
  const head = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x80 | (text ? 0x1 : 0x2);
  if (head === 2) frame[1] = length;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  if (text) frame.write(data, head);
  else frame.set(data, head);
  return frame;
}
