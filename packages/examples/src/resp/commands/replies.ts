/** Error replies more than one command gives, worded as Redis words them. */
export const SYNTAX_ERROR = 'ERR syntax error';
export const OUT_OF_MEMORY = "OOM command not allowed when used memory > 'maxmemory'.";

/** The version this server claims in INFO and HELLO: clients pick features by it. */
export const SERVER_VERSION = '7.0.0';

/** A key or option as a string: latin1 maps each byte to one char, so binary keys survive. */
export function text(arg: Buffer): string {
  return arg.toString('latin1');
}
