/**
 * The verdict on one provider response. Adapters turn raw HTTP into this with the pure
 * interpreters in provider-responses.ts; the executor only ever looks at the verdict.
 */
export type Classification =
  | { readonly kind: 'ok'; readonly note?: 'already-member' | 'not-member' | 'duplicate-delivery' }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly code: PermanentCode; readonly reason: string };

export type PermanentCode =
  | 'user-not-found'
  | 'group-not-found'
  | 'not-found'
  | 'forbidden'
  | 'unauthorized'
  | 'invalid-request'
  | 'channel-not-found'
  | 'rejected'
  | 'refused'
  | 'connection-missing'
  | 'invalid-params';

/** Statuses that heal by themselves: throttling, gateway and availability errors, request timeout. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** The generic verdict on an HTTP status, before provider-specific rules. */
export function classifyStatus(status: number, retryAfterMs: number | undefined, what: string): Classification {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (TRANSIENT_STATUSES.has(status)) {
    const reason = status === 429 ? `${what} is throttling requests (429)` : `${what} is temporarily unavailable (${status})`;
    return retryAfterMs === undefined ? { kind: 'transient', reason } : { kind: 'transient', reason, retryAfterMs };
  }
  if (status === 401) return { kind: 'permanent', code: 'unauthorized', reason: `${what} rejected the connection's credentials (401)` };
  if (status === 403) return { kind: 'permanent', code: 'forbidden', reason: `${what} refused the operation (403)` };
  if (status === 404) return { kind: 'permanent', code: 'not-found', reason: `${what} did not find the resource (404)` };
  return { kind: 'permanent', code: 'rejected', reason: `${what} rejected the request (${status})` };
}

/** A network failure or a timeout: the request may not have arrived, so try again. */
export function classifyNetworkFailure(timedOut: boolean, what: string): Classification {
  return { kind: 'transient', reason: timedOut ? `${what} did not answer in time` : `${what} could not be reached` };
}
