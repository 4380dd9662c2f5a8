import { constants } from 'node:os';

const NAMES = new Map<number, string>(Object.entries(constants.errno).map(([name, value]) => [value, name]));

/** An errno from the addon as Node shapes a system error: `read ECONNRESET`, with code, errno and syscall. */
export function systemError(errno: number, syscall: string): NodeJS.ErrnoException {
  const code = NAMES.get(errno) ?? `E${errno}`;
  const err: NodeJS.ErrnoException = new Error(`${syscall} ${code}`);
  err.code = code;
  err.errno = -errno;
  err.syscall = syscall;
  return err;
}
