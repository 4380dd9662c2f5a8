import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SwitchboardError, type TlsOptions } from '@switchboard/core';
import { parseEndpoint } from '@switchboard/core/transport';
import { UsageError } from '../usage-error.js';
import { duration, integerInRange } from '../serve/check-values.js';
import { CONNECT_FLAGS } from './connect-flags.js';

const HELP = 'switchboard connect --help';

/** What `switchboard connect` was asked to do, checked. */
export interface ConnectArgs {
  readonly url: string;
  /** Stream transports get bytes through unchanged; message transports a message per stdin line. */
  readonly stream: boolean;
  readonly reconnect: boolean;
  readonly connectTimeout?: number;
  readonly lingerMs: number;
  readonly tls?: TlsOptions;
  readonly help: boolean;
}

/** Reads `connect`'s arguments; a bad flag, value or URL is a UsageError pointing at `connect --help`. */
export async function parseConnectArgs(argv: readonly string[]): Promise<ConnectArgs> {
  const { values, positionals } = readArgs(argv);
  const none = { url: '', stream: true, reconnect: false, lingerMs: 0, help: true };
  if (values.help === true) return none;
  if (positionals.length !== 1) {
    throw new UsageError(`'switchboard connect' takes one URL, got ${positionals.length}`, HELP);
  }
  const url = positionals[0]!;
  let scheme: string;
  try {
    scheme = parseEndpoint(url).scheme;
  } catch (err) {
    if (err instanceof SwitchboardError) throw new UsageError(err.message, HELP);
    throw err;
  }
  const text = (name: string) => values[name] as string | undefined;
  return {
    url,
    stream: scheme === 'tcp' || scheme === 'tls' || scheme === 'unix',
    reconnect: values.reconnect === true,
    connectTimeout:
      text('connect-timeout') === undefined
        ? undefined
        : integerInRange(1, 2 ** 31 - 1, '--connect-timeout', text('connect-timeout'), ' ms'),
    lingerMs: text('linger') === undefined ? 1000 : duration('--linger', text('linger')),
    tls: await tlsOptions(text('ca'), text('cert'), text('key'), values.insecure === true),
    help: false,
  };
}

function readArgs(argv: readonly string[]) {
  const options = Object.fromEntries(
    Object.entries(CONNECT_FLAGS).map(([name, flag]) => [
      name,
      { type: flag.type, ...('short' in flag ? { short: flag.short } : {}) },
    ]),
  );
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    const quoted = /'([^']+)'/.exec((err as Error).message)?.[1] ?? '';
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`Unknown option ${quoted} for 'switchboard connect'`, HELP);
    throw new UsageError(`Option ${quoted.split(' ')[0]} needs a value`, HELP);
  }
}

async function tlsOptions(
  ca: string | undefined,
  cert: string | undefined,
  key: string | undefined,
  insecure: boolean,
): Promise<TlsOptions | undefined> {
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert and --key go together', HELP);
  if (ca === undefined && cert === undefined && !insecure) return undefined;
  const tls: TlsOptions = {};
  if (ca !== undefined) tls.ca = await readPem('--ca', ca);
  if (cert !== undefined && key !== undefined) {
    tls.cert = await readPem('--cert', cert);
    tls.key = await readPem('--key', key);
  }
  if (insecure) tls.rejectUnauthorized = false;
  return tls;
}

async function readPem(flag: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new UsageError(`Cannot read ${flag} file "${file}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, HELP);
  }
}
