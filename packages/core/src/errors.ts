/** Stable error codes. Tests and users match on these, never on the message text. */
export const ErrorCode = {
  BAD_URL: 'BAD_URL',
  BAD_OPTION: 'BAD_OPTION',
  UNKNOWN_HANDLER: 'UNKNOWN_HANDLER',
  HANDLER_FAILED: 'HANDLER_FAILED',
  LINE_TOO_LONG: 'LINE_TOO_LONG',
  FRAME_TOO_LONG: 'FRAME_TOO_LONG',
  MAX_CONNECTIONS: 'MAX_CONNECTIONS',
  MAX_CONNECTIONS_PER_IP: 'MAX_CONNECTIONS_PER_IP',
  ACCEPT_RATE_PER_IP: 'ACCEPT_RATE_PER_IP',
  IDLE_TIMEOUT: 'IDLE_TIMEOUT',
  SLOW_CONSUMER: 'SLOW_CONSUMER',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DATAGRAM_TOO_LARGE: 'DATAGRAM_TOO_LARGE',
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  REACTOR_CLOSED: 'REACTOR_CLOSED',
  AUTH_REFUSED: 'AUTH_REFUSED',
  AUTHORIZER_FAILED: 'AUTHORIZER_FAILED',
  AUTHORIZER_TIMEOUT: 'AUTHORIZER_TIMEOUT',
  TLS_HANDSHAKE_FAILED: 'TLS_HANDSHAKE_FAILED',
  HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
  RECONNECT_GAVE_UP: 'RECONNECT_GAVE_UP',
  EADDRINUSE: 'EADDRINUSE',
  EACCES: 'EACCES',
  EADDRNOTAVAIL: 'EADDRNOTAVAIL',
  ECONNREFUSED: 'ECONNREFUSED',
  ECONNRESET: 'ECONNRESET',
  ETIMEDOUT: 'ETIMEDOUT',
  ENOTFOUND: 'ENOTFOUND',
  EPIPE: 'EPIPE',
  UNKNOWN: 'UNKNOWN',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const SYSTEM_TEXT: Partial<Record<ErrorCode, string>> = {
  EADDRINUSE: 'Address already in use',
  EACCES: 'Permission denied',
  EADDRNOTAVAIL: 'Address not available',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  ENOTFOUND: 'Host not found',
  EPIPE: 'Broken pipe',
};

/** The one error type Switchboard raises: a stable `code`, a message naming the address, size or limit. */
export class SwitchboardError extends Error {
  override readonly name = 'SwitchboardError';
  /** The WebSocket close status this error closes with, where its code alone does not pick one. */
  declare readonly wsCloseCode?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; wsCloseCode?: number },
  ) {
    super(message, options);
    if (options?.wsCloseCode !== undefined) (this as { wsCloseCode?: number }).wsCloseCode = options.wsCloseCode;
  }
}

/**
 * Wraps a Node system error (errno name in `err.code`) so that its message names what failed:
 * `Failed to listen on "tcp://127.0.0.1:5000": Address already in use (EADDRINUSE)`.
 */
export function fromSystemError(err: unknown, action: string, address: string): SwitchboardError {
  if (err instanceof SwitchboardError) return err;
  const sys = err as NodeJS.ErrnoException | undefined;
  const raw = typeof sys?.code === 'string' ? sys.code : 'UNKNOWN';
  const code = (raw in ErrorCode ? raw : 'UNKNOWN') as ErrorCode;
  const text = SYSTEM_TEXT[code] ?? sys?.message ?? String(err);
  return new SwitchboardError(code, `Failed to ${action} "${address}": ${text} (${raw})`, { cause: err });
}

/** Anything thrown, as an Error (handlers may throw strings or plain objects). */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
