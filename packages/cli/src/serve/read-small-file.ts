import { open } from 'node:fs/promises';

/**
 * Reads a text file of at most `maxBytes`; null when it is longer. It reads in chunks rather
 * than trusting the size `stat` gives, so a pipe or /dev/zero cannot make it read forever.
 */
export async function readSmallFile(path: string, maxBytes: number): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length <= maxBytes) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length);
      if (bytesRead === 0) return buffer.toString('utf8', 0, length);
      length += bytesRead;
    }
    return null;
  } finally {
    await handle.close();
  }
}
