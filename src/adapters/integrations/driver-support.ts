import type { JsonObject } from '../../domain/common/json';
import { classifyNetworkFailure, type Classification } from '../../domain/integrations/response-classification';
import type { ActionAttempt } from '../../ports/integrations';
import { encodeForm, sendHttpRequest, type FetchLike, type HttpOutcome } from './http-request';
import type { TokenCache } from './token-cache';

/** What every driver is built with. */
export interface DriverDeps {
  /** @forge/api `fetch` in production; a stand-in-bound fetch in tests. */
  readonly fetch: FetchLike;
  readonly now: () => number;
}

/** A provider call's result: the classified response, or the attempt that ends the action. */
export type CallStep =
  | { readonly ok: true; readonly status: number; readonly body: unknown; readonly classification: Classification }
  | { readonly ok: false; readonly attempt: ActionAttempt };

/** Applies a provider interpreter to an HTTP outcome. */
export function classifyOutcome(outcome: HttpOutcome, what: string, interpret: (status: number, body: unknown, retryAfterMs?: number) => Classification): CallStep {
  if (outcome.kind === 'network') {
    return { ok: false, attempt: { classification: classifyNetworkFailure(outcome.timedOut, what), status: null } };
  }
  const classification = interpret(outcome.status, outcome.body, outcome.retryAfterMs);
  if (classification.kind !== 'ok') return { ok: false, attempt: { classification, status: outcome.status, response: outcome.body } };
  return { ok: true, status: outcome.status, body: outcome.body, classification };
}

/**
 * Asks an OAuth2 token endpoint for a client-credentials token and caches it under `key` for the
 * lifetime the endpoint states. A failed answer never carries a token into a record.
 */
export async function requestAccessToken(
  deps: DriverDeps,
  tokens: TokenCache,
  key: string,
  request: { readonly url: string; readonly form: Readonly<Record<string, string>>; readonly timeoutMs: number },
  provider: string,
  interpret: (status: number, body: unknown, retryAfterMs?: number) => Classification,
): Promise<{ ok: true; value: string } | { ok: false; attempt: ActionAttempt }> {
  const outcome = await sendHttpRequest(
    deps.fetch,
    { method: 'POST', url: request.url, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: encodeForm(request.form) },
    request.timeoutMs,
    deps.now(),
  );
  const step = classifyOutcome(outcome, provider, interpret);
  if (!step.ok) return { ok: false, attempt: { ...step.attempt, response: withoutToken(step.attempt.response) } };
  const accessToken = readString(step.body, 'access_token');
  const expiresIn = Number((step.body as Record<string, unknown> | null)?.['expires_in'] ?? 0);
  if (accessToken === null || !(expiresIn > 0)) {
    return { ok: false, attempt: { classification: { kind: 'transient', reason: `${provider} answered without a usable token` }, status: step.status } };
  }
  tokens.set(key, accessToken, expiresIn);
  return { ok: true, value: accessToken };
}

/** Token responses never reach a record, even failed ones. */
function withoutToken(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return response;
  const { access_token: _dropped, ...rest } = response as Record<string, unknown>;
  return rest;
}

export function succeed(status: number, output: JsonObject, response?: unknown, note?: 'already-member' | 'not-member' | 'duplicate-delivery'): ActionAttempt {
  return { classification: note === undefined ? { kind: 'ok' } : { kind: 'ok', note }, status, output, ...(response !== undefined ? { response } : {}) };
}

/** Why an attempt failed, in words for the admin (a probe's detail). */
export function reasonOf(attempt: ActionAttempt): string {
  return attempt.classification.kind === 'ok' ? 'ok' : attempt.classification.reason;
}

export function readString(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const item = (value as Record<string, unknown>)[key];
  return typeof item === 'string' ? item : null;
}

export function readObject(value: unknown, key: string): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const item = (value as Record<string, unknown>)[key];
  return typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
}
