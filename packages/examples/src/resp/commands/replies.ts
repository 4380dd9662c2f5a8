/** Error replies more than one command gives, worded as Redis words them. */
export const SYNTAX_ERROR = 'ERR syntax error';
export const OUT_OF_MEMORY = "OOM command not allowed when used memory > 'maxmemory'.";

/** The version this server claims in INFO and HELLO: clients pick features by it. */
export const SERVER_VERSION = '7.0.0';

/**
 * A key, value or option as a string: latin1 maps each byte to one char, so binary keys and
 * values survive, and the string is a copy (it does not keep the socket's read alive).
 */
export function text(arg: Buffer): string {
  // toString('latin1') without its argument checks and encoding lookup: this runs for every key.
  return arg.latin1Slice(0, arg.length);
}

declare global {
  interface Buffer {
    /** Node's Buffer method behind `toString('latin1', start, end)`, not in @types/node. */
    latin1Slice(start: number, end: number): string;
  }
}
