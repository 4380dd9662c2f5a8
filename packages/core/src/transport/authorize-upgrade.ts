import type { UpgradeRequest } from '../channel/connection.js';
import { SwitchboardError, toError } from '../errors.js';
import type { AuthorizeOption } from './authorizer.js';

/** What the transport does with an upgrade request once its authorizer has answered. */
export type UpgradeVerdict =
  | { readonly allow: true; readonly identity: unknown }
  | { readonly allow: false; readonly status: number; readonly error: SwitchboardError; readonly body: string };

/** A refusal reason goes into an HTTP body and a log line: one short line of plain text. */
const MAX_REASON_LENGTH = 200;

/**
 * Runs the listener's authorizer on one request, at most `timeoutMs`: 401/403 as it says (AUTH_REFUSED),
 * 500 when it throws, rejects or answers nonsense (AUTHORIZER_FAILED), 503 when it is too slow
 * (AUTHORIZER_TIMEOUT). Never rejects.
 */
export async function authorizeUpgrade(
  authorize: AuthorizeOption,
  request: UpgradeRequest,
  timeoutMs: number,
  url: string,
): Promise<UpgradeVerdict> {
  const peer = `${request.remote.address}:${request.remote.port}`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const decision = await Promise.race([
      typeof authorize === 'function' ? authorize(request) : authorize.authorize(request),
      timeout,
    ]);
    if (decision === 'timeout') {
      const message = `Authorizer of "${url}" did not answer ${peer} within ${timeoutMs} ms`;
      return {
        allow: false,
        status: 503,
        error: new SwitchboardError('AUTHORIZER_TIMEOUT', message),
        body: 'AUTHORIZER_TIMEOUT',
      };
    }
    if (decision?.allow === true) return { allow: true, identity: decision.identity };
    if (decision?.allow === false && (decision.status === 401 || decision.status === 403)) {
      const reason = oneLine(decision.reason);
      const message = `Authorizer of "${url}" refused ${peer} (${decision.status})${reason ? `: ${reason}` : ''}`;
      const error = new SwitchboardError('AUTH_REFUSED', message);
      return { allow: false, status: decision.status, error, body: reason || 'AUTH_REFUSED' };
    }
    return failed(url, peer, new Error(`answered ${JSON.stringify(decision)?.slice(0, 80)}, not allow or deny`));
  } catch (thrown) {
    return failed(url, peer, thrown);
  } finally {
    clearTimeout(timer);
  }
}

function failed(url: string, peer: string, thrown: unknown): UpgradeVerdict {
  const cause = toError(thrown);
  const message = `Authorizer of "${url}" failed for ${peer}: ${oneLine(cause.message)}`;
  const error = new SwitchboardError('AUTHORIZER_FAILED', message, { cause });
  // The client learns only that it failed; the log line has the authorizer's message.
  return { allow: false, status: 500, error, body: 'AUTHORIZER_FAILED' };
}

/** Control characters (CR, LF…) out, length bounded. */
function oneLine(text: string | undefined): string {
  if (typeof text !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, MAX_REASON_LENGTH);
}
