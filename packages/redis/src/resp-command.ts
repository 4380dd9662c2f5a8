/** One Redis command in RESP2 form: an array of bulk strings, as Redis expects from clients. */
export function encodeCommand(args: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    parts.push(CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');
