import type { JsonObject } from '../../domain/common/json';
import { classifyNetworkFailure, type Classification } from '../../domain/integrations/response-classification';
import type { ActionAttempt } from '../../ports/integrations';
import type { FetchLike, HttpOutcome } from './http-request';

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
