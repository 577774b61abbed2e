/**
 * The one response shape of every resolver of the app. A page never sees a stack trace: expected
 * failures come back as `{ ok: false, error }` with a stable `code`; anything else is an
 * infrastructure failure that Forge records and the bridge reports as a rejected `invoke`.
 */

/** Stable error codes a page may branch on. Domain errors add their own codes (kebab-case). */
export const RESOLVER_ERROR_CODES = {
  /** The payload failed validation; `issues` says where. */
  invalidPayload: 'invalid-payload',
  /** The caller may not do this (checked on the server for every call). */
  forbidden: 'forbidden',
  /** The thing asked for does not exist, or the caller may not know that it exists. */
  notFound: 'not-found',
  /** Someone else changed the thing first (for example two publishers at once): reload and retry. */
  conflict: 'conflict',
  /** The resolver key is not known to the resolver that received it. */
  unknownKey: 'unknown-key',
} as const;

export interface ResolverIssue {
  /** Dotted path into the payload, such as `policy.triggers[2].stage.lane`; empty for the whole. */
  readonly path: string;
  readonly message: string;
}

export interface ResolverError {
  readonly code: string;
  /** Written for the person looking at the page; never internal details. */
  readonly message: string;
  /** Per-field problems, for `invalid-payload` and for documents such as policies. */
  readonly issues?: readonly ResolverIssue[];
}

export type Envelope<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ResolverError };
