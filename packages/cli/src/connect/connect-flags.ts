import { MAX_TIMER_MS } from '@switchboard/core';

/** One `connect` flag: how parseArgs reads it and how `connect --help` describes it. */
export interface ConnectFlag {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly value?: string;
  readonly help: string;
}

/** Every flag of `switchboard connect`, in the order `--help` lists them. */
export const CONNECT_FLAGS = {
  reconnect: {
    type: 'boolean',
    help: 'when the connection fails or closes, connect again (backoff 0.5 s doubling to 30 s, jittered) until stdin ends',
  },
  'connect-timeout': {
    type: 'string',
    value: 'MS',
    help: `give up an attempt (connect, TLS handshake, WebSocket upgrade) after MS (default 10000; at most ${MAX_TIMER_MS})`,
  },
  ca: { type: 'string', value: 'FILE', help: 'tls://, wss://: trust servers whose certificate this PEM CA signed' },
  cert: {
    type: 'string',
    value: 'FILE',
    help: 'tls://, wss://: PEM client certificate, for servers that require one (with --key)',
  },
  key: { type: 'string', value: 'FILE', help: 'tls://, wss://: PEM private key of --cert' },
  insecure: {
    type: 'boolean',
    help: 'tls://, wss://: accept any server certificate (self-signed development servers only)',
  },
  linger: {
    type: 'string',
    value: 'MS',
    help: 'ws://, wss://, udp://: after stdin ends, wait until the server has been quiet for MS, then close (default 1000)',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Record<string, ConnectFlag>;
